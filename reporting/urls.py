from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_list, name="reports"),
    path("reports/build/", views.build, name="build"),
    path("reports/builds/<uuid:build_pk>/", views.build_progress, name="build_progress"),
    path("reports/<str:period>/", views.report_detail, name="report"),
    path("reports/<str:period>/v<int:number>/", views.report_detail, name="version"),
    path("reports/<str:period>/v<int:number>/report.md", views.export_markdown, name="export_md"),
    path("reports/<str:period>/v<int:number>/report.pdf", views.export_pdf, name="export_pdf"),
    path("reports/<str:period>/submit/", views.submit, name="submit"),
    path("reports/<str:period>/decide/", views.decide, name="decide"),
    path(
        "reports/<str:period>/sections/<slug:section>/review/",
        views.section_review,
        name="section_review",
    ),
    path(
        "reports/<str:period>/sections/<slug:section>/comments/",
        views.comment,
        name="comment",
    ),
    path(
        "reports/<str:period>/sections/<slug:section>/narrative/",
        views.narrative_edit,
        name="narrative",
    ),
]
