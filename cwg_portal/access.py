from django.core.exceptions import PermissionDenied


def require_perm(user, perm, obj=None):
    """Refuse with 403 unless the user holds the permission (on the object)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
