"""The workshops program's REST API: calls (public once open), proposals (their
organisers' own; every submitted one for the committee), and the funded workshops
(public fields only)."""

from cwg_portal.registry import ApiRoute
from workshops.api.calls import CallViewSet
from workshops.api.funded import WorkshopViewSet
from workshops.api.proposals import ProposalViewSet

API_ROUTES = (
    ApiRoute("workshop-calls", CallViewSet, "workshop-call"),
    ApiRoute("workshop-proposals", ProposalViewSet, "workshop-proposal"),
    ApiRoute("workshops", WorkshopViewSet, "workshop"),
)
