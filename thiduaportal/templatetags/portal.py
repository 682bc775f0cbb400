"""Small presentation helpers shared by every app's templates ({% load portal %})."""

import datetime

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def days_left(due: datetime.date, today: datetime.date) -> str:
    """ "in 3 days", "today", "2 days ago" for a due date."""
    from django.utils.translation import gettext

    delta = (due - today).days
    if delta == 0:
        return gettext("today")
    if delta > 0:
        return ngettext("in %(days)d day", "in %(days)d days", delta) % {"days": delta}
    return ngettext("%(days)d day ago", "%(days)d days ago", -delta) % {"days": -delta}


@register.filter
def days_since(moment: datetime.datetime | None, today: datetime.date) -> int:
    """Whole days from a moment's local calendar day to today (0 for none)."""
    from django.utils import timezone

    return (today - timezone.localdate(moment)).days if moment else 0


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
