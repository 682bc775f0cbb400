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
