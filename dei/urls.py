from django.urls import path

from dei.views import checklists

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
]
