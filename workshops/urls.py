from django.urls import path

from workshops.views import calls, proposals, review, workshops

app_name = "workshops"

# Object URLs name their kind (call_slug, proposal_pk, event_slug) so that no two
# apps' URL parameters share a name.
urlpatterns = [
    path("", workshops.index, name="index"),
    path("past/<slug:event_slug>/", workshops.past_workshop, name="past_workshop"),
    path("calls/new/", calls.call_open, name="call_open"),
    path("calls/<slug:call_slug>/", calls.call_detail, name="call"),
    path("calls/<slug:call_slug>/propose/", proposals.proposal_create, name="proposal_create"),
    path("calls/<slug:call_slug>/ranking/", calls.ranking, name="ranking"),
    path("calls/<slug:call_slug>/balance/", calls.reviewers_balance, name="reviewers_balance"),
    path("stages/<int:stage_pk>/waive/", calls.stage_waive, name="stage_waive"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("invitations/", proposals.invitations, name="invitations"),
    path("invitations/<int:invitation_pk>/", proposals.invitation, name="invitation"),
    path("proposals/<int:proposal_pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:proposal_pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path(
        "proposals/<int:proposal_pk>/withdraw/",
        proposals.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path(
        "proposals/<int:proposal_pk>/versions/",
        proposals.proposal_versions,
        name="proposal_versions",
    ),
    path("proposals/<int:proposal_pk>/review/", review.review, name="review"),
    path("proposals/<int:proposal_pk>/conflict/", review.conflict_declare, name="conflict_declare"),
    path("proposals/<int:proposal_pk>/assign/", review.reviewer_assign, name="reviewer_assign"),
    path("reviews/<int:review_pk>/unassign/", review.reviewer_unassign, name="reviewer_unassign"),
    path("proposals/<int:proposal_pk>/advance/", review.proposal_advance, name="proposal_advance"),
    path("proposals/<int:proposal_pk>/decide/", review.decide, name="decide"),
    path("held/<slug:event_slug>/", workshops.workshop, name="workshop"),
    path("held/<slug:event_slug>/summary/", workshops.summary, name="summary"),
]
