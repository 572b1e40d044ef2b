from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from budget.api import API_ROUTES as BUDGET_API_ROUTES
from cwg_portal import health, views
from cwg_portal.api_views import MeView
from events.api import EventViewSet
from membership.api import API_ROUTES as MEMBERSHIP_API_ROUTES
from workshops.api import API_ROUTES as WORKSHOPS_API_ROUTES

# The admin's own login would bypass allauth's rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = admin.site.site_title = "CWG Portal administration"

api_router = DefaultRouter()
api_router.register("events", EventViewSet, basename="event")
for prefix, viewset, basename in [
    *BUDGET_API_ROUTES,
    *MEMBERSHIP_API_ROUTES,
    *WORKSHOPS_API_ROUTES,
]:
    api_router.register(prefix, viewset, basename=basename)

api_patterns = [
    path("", include(api_router.urls)),
    path("me/", MeView.as_view(), name="me"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("membership.urls")),
    path("events/", include("events.urls")),
    path("budget/", include("budget.urls")),
    path("workshops/", include("workshops.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
