from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY, Audience


class CommentForm(forms.Form):
    cache_rendering = True  # its HTML follows from its fields alone (`{% form_fields %}`)

    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write @ and a colleague's username to notify them, e.g. @head.binhtan."),
    )
    audience = forms.ChoiceField(
        label=_("Who reads it"), choices=Audience.choices, initial=Audience.THREAD, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, audiences: frozenset[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["audience"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in Audience.choices if value in audiences]
        if len(field.choices) == 1:
            field.widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
