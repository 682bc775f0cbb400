"""The shape of a proposal's input; the services decide."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from thiduaportal.fields import SingleLineField, single_line_formfield
from thiduaportal.forms import WorkflowActionForm

from . import services
from .models import PLAN_FIELDS, Conclusion, EvaluationResult, InnovationCase, Proposal
from .workflow import DECISION_FIELDS, InnovationAction


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ProposalForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("On behalf of"), queryset=Unit.objects.none(), required=False)

    class Meta:
        model = Proposal
        formfield_callback = single_line_formfield
        fields = list(services.CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("blocker", "solution", "scope", "resources", "risks", "expected_effect")
        }
        help_texts = {
            "legal_reference": _(
                "The document, article and clause (required when a rule does not fit practice)."
            ),
            "scope": _("Where and for whom the solution would apply, and for how long."),
            "resources": _("People, money and systems the solution needs."),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_reference"].required = False
        if units is not None and len(units) > 1:
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=units).order_by("name")
            self.fields["unit"].required = True
        else:
            del self.fields["unit"]
        self.helper = _helper()
        first = ["unit", "title"] if "unit" in self.fields else ["title"]
        self.helper.layout = Layout(
            Fieldset(_("The proposal"), *first),
            Fieldset(_("What blocks"), "blocker_kind", "legal_reference", "blocker"),
            Fieldset(_("The solution"), "solution", "scope", "resources", "risks", "expected_effect"),
        )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not any(ch.isalpha() for ch in title):
            raise forms.ValidationError(_("The title must contain words."))
        return title

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in services.CONTENT_FIELDS}


class ActionForm(WorkflowActionForm):
    """One transition: the comment (the department's opinion), and the routing or conclusion."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write the department's opinion.")},
    )
    department = forms.ModelChoiceField(
        label=_("Competent department"),
        queryset=Unit.objects.filter(successor__isnull=True).order_by("name"),
        required=False,
        error_messages={
            "required": _("Choose the competent department."),
            "invalid_choice": _("Choose the competent department from the list."),
        },
    )
    days = forms.IntegerField(
        label=_("Opinion within (working days)"),
        min_value=1,
        max_value=services.MAX_OPINION_DAYS,
        required=False,
        initial=10,
    )
    conclusion = forms.ChoiceField(
        label=_("The city's conclusion"), choices=Conclusion.choices, required=False
    )
    decision_number = SingleLineField(label=_("Document number"), required=False, max_length=100)
    decision_date = forms.DateField(
        label=_("Document date"),
        required=False,
        error_messages={"required": _("Enter the date of the city's document.")},
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_fields = ("department", "days", "conclusion", "decision_number", "decision_date")
    required_decision_fields = decision_fields
    comment_labels = {"opine": _("The department's written opinion"), "conclude": _("Note (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.decision_fields:
            if name in self.fields and name not in DECISION_FIELDS.get(self.action, ()):
                del self.fields[name]
        self.fields["comment"].label = self.comment_labels.get(self.action, self.fields["comment"].label)
        if self.action == "route":
            del self.fields["comment"]
            limit = _("Give the time limit as a number of working days from 1 to %(n)d.") % {
                "n": services.MAX_OPINION_DAYS
            }
            self.fields["days"].error_messages.update(required=limit, min_value=limit, max_value=limit)


class InnovationPlanForm(forms.ModelForm):
    """The plan of an innovation proposal (Decree 73/2023/NĐ-CP, Article 7): every content required."""

    class Meta:
        model = InnovationCase
        formfield_callback = single_line_formfield
        fields = list(PLAN_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in PLAN_FIELDS
            if name not in ("implementer", "duration")
        }
        help_texts = {
            "necessity": _("Why the innovation is needed: the difficulty or blockage it removes."),
            "content": _("What will be done differently from the rules or practice in force."),
            "implementer": _("The person or unit that carries it out."),
            "duration": _("From when to when, or how many months."),
            "impacts": _("Its effects on people, organisations and the budget, and the risks."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InnovationStepForm(forms.Form):
    """One step of the decree's track, with its document."""

    document_number = SingleLineField(
        label=_("Document number"),
        max_length=100,
        error_messages={"required": _("Enter the document's number.")},
    )
    document_date = forms.DateField(
        label=_("Document date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the document's date."), "invalid": _("Enter a valid date.")},
    )
    authority = SingleLineField(
        label=_("Issued by"), max_length=300, error_messages={"required": _("Enter who issued the document.")}
    )
    result = forms.ChoiceField(
        label=_("Result of the evaluation"),
        choices=EvaluationResult.choices,
        error_messages={"required": _("Choose the result of the evaluation.")},
    )
    note = forms.CharField(
        label=_("Summary (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    authority_labels = {
        "party_approval": _("Party committee giving the opinion"),
        "approval": _("Competent authority that approved"),
        "party_evaluation": _("Party committee giving the opinion"),
        "evaluation": _("Evaluated by"),
        "protection": _("Issued by"),
    }

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", f"nd73-{action}-%s")
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = InnovationAction(action).label
        self.fields["authority"].label = self.authority_labels[action]
        if action != InnovationAction.EVALUATION:
            del self.fields["result"]
        self.helper = _helper()
