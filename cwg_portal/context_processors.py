from django.conf import settings

from cwg_portal import notifications, registry


def navigation(request):
    user = request.user
    return {
        "site_name": settings.SITE_NAME,
        "main_navigation": [item for item in registry.navigation() if item.predicate(user)],
        "footer_links": [item for item in registry.footer_links() if item.predicate(user)],
        "unread_notifications": notifications.unread_count(user) if user.is_authenticated else 0,
    }
