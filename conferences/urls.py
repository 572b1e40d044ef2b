from django.urls import path

from conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("new/", views.edition_create, name="create"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("sponsorships/<int:pk>/", views.sponsorship, name="sponsorship"),
    path("sponsorships/<int:pk>/status/", views.sponsorship_move, name="sponsorship_move"),
    path("sponsorships/<int:pk>/paid/", views.sponsorship_paid, name="sponsorship_paid"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/award/", views.application_award, name="application_award"),
    path("applications/<int:pk>/decline/", views.application_decline, name="application_decline"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/scholarships/", views.scholarships, name="scholarships"),
    path("<int:year>/scholarships/open/", views.scholarship_call_create, name="call_create"),
    path("<int:year>/scholarships/apply/", views.application_create, name="apply"),
    path("<int:year>/advance/", views.edition_advance, name="edition_advance"),
    path("<int:year>/partners/new/", views.partnership_create, name="partnership_create"),
    path("<int:year>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("<int:year>/milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:year>/tiers/new/", views.tier_create, name="tier_create"),
    path("<int:year>/registrations/", views.registrations, name="registrations"),
    path(
        "<int:year>/registrations/record/",
        views.registration_record,
        name="registration_record",
    ),
    path(
        "<int:year>/registrations/import/",
        views.registration_import,
        name="registration_import",
    ),
    path("<int:year>/tickets/new/", views.ticket_type_create, name="ticket_type_create"),
    path("<int:year>/lessons/new/", views.lesson_create, name="lesson_create"),
    path("<int:year>/summary/", views.edition_summary, name="edition_summary"),
    path("<int:year>/checklist/<int:pk>/done/", views.checklist_item_done, name="checklist_done"),
    path("<int:year>/sponsorships/new/", views.sponsorship_create, name="sponsorship_create"),
]
