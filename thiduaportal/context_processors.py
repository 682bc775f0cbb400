from django.urls import reverse

from accounts.permissions import role_labels
from notifications.selectors import unread_count

from .registry import NAV_ITEMS


def portal(request):
    """The header: navigation for the person's roles, their roles, and the unread count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    nav = []
    for item in NAV_ITEMS:
        if item.visible(user):
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            nav.append({"label": item.label, "url": url, "active": active})
    return {
        "portal_nav": nav,
        "portal_roles": role_labels(user),
        "portal_unread": unread_count(user),
    }
