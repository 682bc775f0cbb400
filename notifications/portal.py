from thiduaportal.registry import register_panel

from .selectors import latest_unread, unread_count


def unread_panel(request, today):
    user = request.user
    return {"notifications": latest_unread(user, limit=5), "unread": unread_count(user)}


register_panel(template="notifications/panels/unread.html", order=80, context=unread_panel)
