"""Small presentation helpers shared by every app's templates ({% load portal %})."""

import datetime
from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from thiduaportal.lists import field_html

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


@register.simple_tag
def status_badge(status: str, label: str) -> SafeString:
    """The coloured status badge, the same on every page; the text is always beside the colour.
    Written here rather than by an included template: lists show 25 of them per page."""
    return format_html('<span class="badge badge-status badge-{}">{}</span>', status, label)


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


# Rendered unbound forms, by what their HTML depends on (`_render_key`); bounded, per process.
_RENDERED: dict[tuple[Any, ...], SafeString] = {}
_RENDERED_MAX = 512


def _render_key(form: forms.BaseForm) -> tuple[Any, ...] | None:
    """Everything an unbound form's HTML is made of: its class, ids, language, and per field its
    kind, label, help, requirement, attributes, initial value and choices. None (render it every
    time) for a bound form (values, errors), a form that did not opt in (`cache_rendering`), one
    whose helper lets crispy write the CSRF token (the template's own <form> must carry it), or one
    with choices from the database."""
    if form.is_bound or not getattr(form, "cache_rendering", False):
        return None
    helper = getattr(form, "helper", None)
    if helper is None or not helper.disable_csrf:
        return None  # crispy would write the session's CSRF token into the HTML
    parts: list[Any] = [type(form), form.prefix, form.auto_id, get_language()]
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            return None
        widget = field.widget
        parts.append(
            (
                name,
                type(field),
                type(widget),
                field.required,
                field.disabled,
                str(field.label),
                str(field.help_text),
                repr(sorted(widget.attrs.items())),
                getattr(widget, "input_type", None),
                repr(form.get_initial_for_field(field, name)),
                repr([(value, str(label)) for value, label in getattr(field, "choices", ())]),
            )
        )
    return tuple(parts)


@register.simple_tag(takes_context=True)
def form_fields(context: template.Context, form: forms.BaseForm) -> SafeString:
    """crispy-forms' rendering of a form (as `{% crispy form %}`). The same unbound form renders to
    the same HTML, so a form that opts in is rendered once per process and key: a detail page's
    dialogs and comment box cost a quarter of its time through crispy's templates."""
    key = _render_key(form)
    if key is None:
        return render_crispy_form(form, context=context)
    html = _RENDERED.get(key)
    if html is None:
        html = render_crispy_form(form, context=context)
        if len(_RENDERED) < _RENDERED_MAX and "csrfmiddlewaretoken" not in html:
            _RENDERED[key] = html
    return html


@register.simple_tag
def filter_field(field: forms.BoundField) -> SafeString:
    """A list filter's field, written in Python as crispy would write it (thiduaportal.lists)."""
    return field_html(field)
