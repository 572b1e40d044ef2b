from django.contrib.auth.decorators import login_not_required
from django.urls import path

from reporting.feeds import PostFeed
from reporting.views import posts, reports

app_name = "reporting"

urlpatterns = [
    path("reports/", reports.report_list, name="reports"),
    path("reports/build/", reports.build, name="build"),
    path("reports/builds/<uuid:build_pk>/", reports.build_progress, name="build_progress"),
    path("reports/<str:period>/", reports.report_detail, name="report"),
    path("reports/<str:period>/v<int:number>/", reports.report_detail, name="version"),
    path("reports/<str:period>/v<int:number>/report.md", reports.export_markdown, name="export_md"),
    path("reports/<str:period>/v<int:number>/report.pdf", reports.export_pdf, name="export_pdf"),
    path("reports/<str:period>/submit/", reports.submit, name="submit"),
    path("reports/<str:period>/decide/", reports.decide, name="decide"),
    path(
        "reports/<str:period>/sections/<slug:section>/review/",
        reports.section_review,
        name="section_review",
    ),
    path(
        "reports/<str:period>/sections/<slug:section>/comments/",
        reports.comment,
        name="comment",
    ),
    path(
        "reports/<str:period>/sections/<slug:section>/narrative/",
        reports.narrative_edit,
        name="narrative",
    ),
    path("blog/", posts.blog, name="blog"),
    path("blog/feed/", login_not_required(PostFeed()), name="feed"),
    path("blog/draft/", posts.post_draft, name="post_draft"),
    path("blog/<int:year>/", posts.post_detail, name="post"),
    path("blog/<int:year>/edit/", posts.post_edit, name="post_edit"),
    path("blog/<int:year>/advance/", posts.post_advance, name="post_advance"),
    path("blog/<int:year>/publish/", posts.post_publish, name="post_publish"),
]
