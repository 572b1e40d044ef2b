from django.urls import path

from dei.views import checklists, glossary, incidents, initiatives, surveys, training

app_name = "dei"

# Object URLs name their kind (event_slug, item_pk) so that no two apps' URL
# parameters share a name.
urlpatterns = [
    path("checklists/", checklists.checklist_list, name="checklists"),
    path("checklists/<slug:event_slug>/", checklists.checklist_detail, name="checklist"),
    path(
        "checklists/<slug:event_slug>/items/<int:item_pk>/",
        checklists.checklist_item,
        name="checklist_item",
    ),
    path(
        "checklists/<slug:event_slug>/sign-off/",
        checklists.checklist_signoff,
        name="checklist_sign_off",
    ),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:survey_pk>/", surveys.survey_detail, name="survey"),
    # The public link attendees answer through: the token is the only key.
    path("survey/<str:token>/", surveys.survey_answer_page, name="survey_answer"),
    path("initiatives/", initiatives.initiative_list, name="initiatives"),
    path("initiatives/new/", initiatives.initiative_new, name="initiative_new"),
    path("initiatives/<int:initiative_pk>/", initiatives.initiative_detail, name="initiative"),
    path(
        "initiatives/<int:initiative_pk>/edit/",
        initiatives.initiative_edit,
        name="initiative_edit",
    ),
    path("training/", training.training, name="training"),
    path("training/new/", training.training_new, name="training_new"),
    path("mentoring/new/", training.mentoring_new, name="mentoring_new"),
    path("mentoring/<int:pair_pk>/", training.mentoring, name="mentoring"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("glossary/<slug:term_slug>/edit/", glossary.glossary_edit, name="glossary_edit"),
    path("glossary/<slug:term_slug>/history/", glossary.glossary_history, name="glossary_history"),
    path("conduct/report/", incidents.incident_report_form, name="incident_report"),
    path("conduct/", incidents.incident_list, name="incidents"),
    path("conduct/access-log/", incidents.incident_log, name="incident_log"),
    path("conduct/<int:incident_pk>/", incidents.incident_detail, name="incident"),
    path("conduct/<int:incident_pk>/export/", incidents.incident_download, name="incident_export"),
]
