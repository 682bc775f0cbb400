"""The shape of the library's input; the services decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from thiduaportal.fields import SingleLineField

from .models import RESULTS_MAX_LENGTH, SUMMARY_MAX_LENGTH
from .services import TITLE_MAX_LENGTH


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> carries the token
    return helper


class SummaryForm(forms.Form):
    title = SingleLineField(label=_("Name of the practice"), max_length=TITLE_MAX_LENGTH, needs_letter=True)
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text, at most %(n)s characters, readable by everyone signed in: the problem, what "
            "the unit did and the results. Changing it withdraws the approvals already given."
        )
        % {"n": SUMMARY_MAX_LENGTH},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Adopting unit"), queryset=Unit.objects.none())
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    results = forms.CharField(
        label=_("Results of the adoption"),
        max_length=RESULTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the practice changed in your unit, in your own figures."),
    )
    measured_value = forms.DecimalField(
        label=_("Measured value (optional)"), max_digits=14, decimal_places=2, required=False
    )
    measure_unit = SingleLineField(label=_("Unit of measure (optional)"), max_length=50, required=False)
    confirm = forms.BooleanField(
        label=_(
            "I confirm that my unit adopted this practice; the library will show it under “where it spread”."
        )
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units).order_by("name")
        if len(units) == 1:
            self.initial.setdefault("unit", next(iter(units)))
        self.helper = _helper()
