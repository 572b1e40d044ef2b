from django.conf import settings

from cwg_portal.navigation import navigation_for


def navigation(request):
    return {
        "site_name": settings.SITE_NAME,
        "main_navigation": navigation_for(request.user),
    }
