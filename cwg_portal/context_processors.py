from django.conf import settings

from cwg_portal import registry


def navigation(request):
    user = request.user
    return {
        "site_name": settings.SITE_NAME,
        "main_navigation": [item for item in registry.navigation() if item.predicate(user)],
    }
