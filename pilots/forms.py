"""The shape of a pilot's input; the services decide."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit, User
from accounts.responsibility import unit_tree
from thiduaportal.fields import SingleLineField
from thiduaportal.forms import WorkflowActionForm

from . import services
from .models import Milestone
from .workflow import DECISION_FIELDS, Outcome


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


YES_NO = [("", "—"), ("yes", _("Yes, within the approved plan")), ("no", _("No, they departed from it"))]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class _Form(forms.Form):
    def __init__(self, *args, prefix_id: str = "f", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RegisterForm(_Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = SingleLineField(label=_("The difficulty the unit pilots"), max_length=300, needs_letter=True)
    source = forms.ChoiceField(
        label=_("Chosen from"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose an approved idea of the unit, or a proposal the city did not refuse.")
        },
    )
    goals = forms.CharField(label=_("Goals"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.ModelChoiceField(label=_("Person in charge"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("Team"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, prefix_id="reg", **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units).order_by("name")
        if len(units) == 1:
            self.initial.setdefault("unit", units[0])
        people = User.objects.filter(is_active=True, unit_id__in=unit_tree().subtree(units)).order_by(
            "full_name"
        )
        self.fields["owner"].queryset = people
        self.fields["members"].queryset = people
        choices: list[tuple[str, str]] = [("", _("— nothing chosen —"))]
        for unit_id in units:
            ideas, proposals = services.sources_for(unit_id)
            choices += [(f"idea:{i.pk}", f"{_('Idea')} #{i.pk}: {i.title}") for i in ideas[:50]]
            choices += [(f"proposal:{p.pk}", f"{_('Proposal')} #{p.pk}: {p.title}") for p in proposals[:50]]
        self.fields["source"].choices = list(dict.fromkeys(choices))

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not any(ch.isalpha() for ch in title):
            raise forms.ValidationError(_("The title must contain words."))
        return title


class MilestoneForm(_Form):
    title = SingleLineField(label=_("Milestone"), max_length=300, needs_letter=True)
    due_date = _date_field(_("Due date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix_id="ms", **kwargs)


class IndicatorForm(_Form):
    name = SingleLineField(label=_("Indicator"), max_length=300, needs_letter=True)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    measure_unit = SingleLineField(label=_("Unit of measure"), max_length=50)
    due_date = _date_field(_("Due date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix_id="ind", **kwargs)


class MeasureForm(_Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Measured value"), max_digits=14, decimal_places=2)


class ReachForm(_Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)


class CheckInForm(_Form):
    milestone = forms.ModelChoiceField(
        label=_("Against the milestone"), queryset=Milestone.objects.none(), required=False
    )
    on_track = forms.TypedChoiceField(
        label=_("Is the pilot on track?"),
        choices=[("yes", _("On track")), ("no", _("Off track"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("What you checked and found"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, prefix_id="ci", **kwargs)
        self.fields["milestone"].queryset = pilot.milestones.all()


class CorrectionForm(_Form):
    problem = forms.CharField(
        label=_("What is wrong"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    change = forms.CharField(
        label=_("What must change"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(
        label=_("Answer within (working days)"),
        min_value=1,
        max_value=services.MAX_CORRECTION_DAYS,
        initial=5,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix_id="cr", **kwargs)


class AnswerForm(_Form):
    correction = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("The team's answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(WorkflowActionForm):
    """Pause, resume, stop or close: the assessment, and for a closing move the outcome and whether
    the team acted within the approved plan (yes by default: no blame)."""

    comment = forms.CharField(
        label=_("Assessment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your assessment.")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.STOPPED], required=False
    )
    within_plan = forms.TypedChoiceField(
        label=_("Did the team act within the approved plan?"),
        choices=YES_NO,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        initial="yes",
    )
    within_plan_note = forms.CharField(
        label=_("Where they departed from it (if they did)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_fields = ("outcome", "within_plan", "within_plan_note")
    required_decision_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.decision_fields:
            if name in self.fields and name not in DECISION_FIELDS.get(self.action, ()):
                del self.fields[name]
