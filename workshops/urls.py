from django.urls import path  # noqa: F401

app_name = "workshops"

# Object URLs name their kind (call_slug, proposal_pk, event_slug) so that no two
# apps' URL parameters share a name.
urlpatterns = []
