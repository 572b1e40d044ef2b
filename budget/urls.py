from django.urls import path  # noqa: F401 - the pages come with budget.views

app_name = "budget"

urlpatterns = []
