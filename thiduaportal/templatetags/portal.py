"""Small presentation helpers shared by every app's templates ({% load portal %})."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def days_left(due: datetime.date, today: datetime.date) -> str:
    """ "in 3 days", "today", "overdue by 2 days" for a due date (calendar days)."""
    delta = (due - today).days
    if delta == 0:
        return gettext("due today")
    if delta > 0:
        return ngettext("in %(days)d day", "in %(days)d days", delta) % {"days": delta}
    return ngettext("overdue by %(days)d day", "overdue by %(days)d days", -delta) % {"days": -delta}


@register.filter
def sent_ago(moment: datetime.datetime | None, today: datetime.date) -> str:
    """ "sent today", "sent 2 days ago": the age of something sent, from its local calendar day
    (Asia/Ho_Chi_Minh, not UTC: sent at 06:00 local time is today, not yesterday)."""
    if moment is None:
        return ""
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return gettext("sent today")
    return ngettext("sent %(days)d day ago", "sent %(days)d days ago", days) % {"days": days}


@register.filter
def dialog_for(dialogs: list, action: str):
    """The dialog of an action among a page's dialogs (thiduaportal.forms.dialogs), or None."""
    return next((dialog for dialog in dialogs if dialog.action == action), None)


@register.inclusion_tag("includes/status_badge.html")
def status_badge(status: str, label: str):
    """The coloured status badge, the same on every page; the text is always beside the colour."""
    return {"status": status, "label": label}


@register.filter
def nfc(value: str) -> str:
    """Composed Unicode (Django's own Vietnamese language name is decomposed)."""
    import unicodedata

    return unicodedata.normalize("NFC", str(value))


FILE_SIZE_UNITS = ("KB", "MB", "GB", "TB")


@register.filter
def file_size(value: int | None) -> str:
    """A file size with the international units both languages use ("604 B", "1,2 KB" in
    Vietnamese, "1.2 KB" in English): Django's filesizeformat says "604 byte" in Vietnamese."""
    from django.template.defaultfilters import floatformat

    size = float(value or 0)
    if size < 1024:
        return f"{int(size)} B"
    for unit in FILE_SIZE_UNITS:
        size /= 1024
        if size < 1024 or unit == FILE_SIZE_UNITS[-1]:
            break
    return f"{floatformat(size, -1)} {unit}"
