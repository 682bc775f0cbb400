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
    nav = [
        {"label": item.label, "url": reverse(item.url_name), "active": False}
        for item in NAV_ITEMS
        if item.visible(user)
    ]
    # The current page is the entry with the longest URL that starts the path ("/" only for itself).
    matches = [
        entry
        for entry in nav
        if path == entry["url"] or (entry["url"] != "/" and path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["active"] = True
    return {
        "portal_nav": nav,
        "portal_roles": role_labels(user),
        "portal_unread": unread_count(user),
    }
