"""The workshops program's REST API: calls (public once open), proposals (their
organisers' own; every submitted one for the committee), and the funded workshops
(public fields only)."""

from workshops.api.calls import CallViewSet
from workshops.api.funded import WorkshopViewSet
from workshops.api.proposals import ProposalViewSet

API_ROUTES = [
    ("workshop-calls", CallViewSet, "workshop-call"),
    ("workshop-proposals", ProposalViewSet, "workshop-proposal"),
    ("workshops", WorkshopViewSet, "workshop"),
]
