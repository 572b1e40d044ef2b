from django.urls import path

from membership.views import (
    bodies,
    council,
    decisions,
    declarations,
    directory,
    elections,
    motions,
    profile,
)

app_name = "membership"

# Object URLs name their kind (body_slug, election_pk, nomination_pk, motion_pk) so that no
# two apps' URL parameters share a name.
urlpatterns = [
    path("profile/", profile.profile, name="profile"),
    path("<int:person_pk>/photo/", profile.person_photo, name="person_photo"),
    path("directory/", directory.directory_index, name="directory"),
    path(
        "directory/jupyter-teams.yml",
        directory.directory_file,
        {"filename": "jupyter-teams.yml"},
        name="directory_teams_file",
    ),
    path(
        "directory/organizations.yml",
        directory.directory_file,
        {"filename": "organizations.yml"},
        name="directory_organisations_file",
    ),
    path(
        "directory/contributors.yml",
        directory.directory_file,
        {"filename": "contributors.yml"},
        name="directory_contributors_file",
    ),
    path("directory/<slug:body_slug>/", directory.directory_body, name="directory_body"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("elections/", elections.election_list, name="elections"),
    path("elections/new/", elections.election_create, name="election_create"),
    path("elections/<int:election_pk>/", elections.election_detail, name="election"),
    path("elections/<int:election_pk>/vote/", elections.election_vote, name="election_vote"),
    path(
        "nominations/<int:nomination_pk>/respond/",
        elections.nomination_respond,
        name="nomination_respond",
    ),
    path("approvals/", council.approval_list, name="approvals"),
    path("approvals/<int:nomination_pk>/", council.approval_detail, name="approval"),
    path("motions/", motions.motion_list, name="motions"),
    path("motions/new/", motions.motion_create, name="motion_create"),
    path("motions/<int:motion_pk>/", motions.motion_detail, name="motion"),
    path("motions/<int:motion_pk>/second/", motions.motion_second, name="motion_second"),
    path("motions/<int:motion_pk>/edit/", motions.motion_edit, name="motion_edit"),
    path("motions/<int:motion_pk>/withdraw/", motions.motion_withdraw, name="motion_withdraw"),
    path("motions/<int:motion_pk>/vote/", motions.motion_vote, name="motion_vote"),
    path("bodies/<slug:body_slug>/manage/", bodies.body_manage, name="body_manage"),
    path(
        "bodies/<slug:body_slug>/participation/",
        bodies.body_participation,
        name="body_participation",
    ),
    path("declarations/", declarations.declaration_list, name="declarations"),
]
