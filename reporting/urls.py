from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_list, name="reports"),
    path("reports/build/", views.build, name="build"),
    path("reports/builds/<uuid:build_pk>/", views.build_progress, name="build_progress"),
    path("reports/<str:period>/", views.report_detail, name="report"),
    path("reports/<str:period>/v<int:number>/", views.report_detail, name="version"),
    path(
        "reports/<str:period>/sections/<slug:section>/narrative/",
        views.narrative_edit,
        name="narrative",
    ),
]
