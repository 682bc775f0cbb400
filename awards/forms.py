"""Forms check the shape of input; services decide. Every form is rendered by crispy-forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from movement.models import Phase
from thiduaportal.fields import SingleLineField
from thiduaportal.forms import WorkflowActionForm, add_errors
from thiduaportal.locking import StaleEdit, VersionField, posted_version, show_conflict, version_of
from thiduaportal.uploads import MultipleFileField, check_uploads

from . import selectors, services
from .models import ACHIEVEMENTS_MAX_LENGTH, AttachmentKind, AwardType


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.unit.name}" if obj.unit_id else obj.display_name


class IdeaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.title} ({obj.get_status_display()}"
        if obj.recognition_level:
            label += f", {obj.get_recognition_level_display()}"
        return label + ")"


def _half(*names):
    return Div(*(Div(name, css_class="col-12 col-md-6") for name in names), css_class="row")


def saved_values(nomination) -> dict:
    """The nomination's saved values, by the name of the form's field."""
    return {
        "phase": nomination.phase,
        "award_type": nomination.award_type,
        "nominee": nomination.nominee,
        "unit": nomination.nominee_unit,
        "achievements": nomination.achievements,
        "ideas": list(nomination.ideas.all()),
    }


class NominationForm(forms.Form):
    """Shape only; the service decides (scope, duplicates). Choices are scoped to the viewer,
    so a forged id is "not one of the available choices"."""

    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.all())
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.all())
    nominee = PersonChoiceField(
        label=_("Individual"),
        queryset=None,
        required=False,
        help_text=_("For an award to a person; leave empty for a collective."),
    )
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Collective"),
        queryset=None,
        required=False,
        help_text=_("For an award to a collective; leave empty for a person."),
    )
    achievements = forms.CharField(
        label=_("Achievements"),
        max_length=ACHIEVEMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("At most 20,000 characters."),
    )
    ideas = IdeaChoiceField(
        label=_("Related ideas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Approved, piloted or recognised ideas of your units that this nomination rests on."),
    )
    version = VersionField()

    def __init__(self, *args, user, nomination=None, **kwargs):
        if nomination is not None:
            kwargs["initial"] = {**saved_values(nomination), "version": version_of(nomination)}
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        self.conflict = None  # the differences with someone else's save, when this one was refused
        self.fields["nominee"].queryset = selectors.nominee_people_for(user).order_by("full_name", "username")
        self.fields["unit"].queryset = selectors.nominee_units_for(user)
        self.fields["ideas"].queryset = selectors.linkable_ideas_for(user)
        if not self.is_bound and "phase" not in self.initial:
            self.initial["phase"] = Phase.for_date(timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            _half("phase", "award_type"),
            Fieldset(_("Nominee"), _half("nominee", "unit")),
            "achievements",
            "ideas",
            "version",
            HTML(
                "{% if not form.fields.ideas.queryset.exists %}"
                + format_html(
                    '<p class="text-secondary">{}</p>', _("No approved or recognised idea of your units yet.")
                )
                + "{% endif %}"
            ),
        )

    def clean_achievements(self):
        value = self.cleaned_data["achievements"]
        if "\x00" in value:
            raise forms.ValidationError(_("The text contains an invalid character."))
        return value.strip()

    def clean(self):
        data = super().clean()
        nominee, unit = data.get("nominee"), data.get("unit")
        if nominee and unit:
            raise forms.ValidationError(_("Choose either a person or a collective, not both."))
        if not nominee and not unit and not self.has_error("nominee") and not self.has_error("unit"):
            raise forms.ValidationError(_("Choose the person or the collective you nominate."))
        award = data.get("award_type")
        if award and nominee and not award.accepts_individuals():
            self.add_error("award_type", _("This award is for collectives only."))
        if award and unit and not award.accepts_collectives():
            self.add_error("award_type", _("This award is for individuals only."))
        return data

    def save_through_service(self, *, by):
        """Creates or edits the nomination through its service; a refusal of the content becomes a
        form error. Returns the nomination, or None when refused."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        fields = {
            "by": by,
            "phase": data["phase"],
            "award_type": data["award_type"],
            "nominee": data["nominee"],
            "nominee_unit": data["unit"],
            "achievements": data["achievements"],
            "ideas": data["ideas"],
        }
        try:
            if self.nomination is None:
                return services.nomination_create(**fields)
            return services.nomination_update(
                nomination_id=self.nomination.pk, version=posted_version(self), **fields
            )
        except StaleEdit as stale:
            saved = type(self.nomination).objects.get(pk=self.nomination.pk)
            self.conflict = show_conflict(self, stale, saved_values(saved))
            return None
        except ValidationError as error:
            add_errors(self, error)
            return None


class ActionForm(WorkflowActionForm):
    """The input of one transition: a comment (required where the move needs one) and, for a move
    that records the award decision, its number, date and authority."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason in the comment.")},
    )
    decision_number = SingleLineField(label=_("Decision number"), max_length=100, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_authority = SingleLineField(label=_("Conferring authority"), max_length=255, required=False)
    decision_fields = ("decision_number", "decision_date", "decision_authority")
    required_decision_fields = ("decision_number", "decision_date")
    comment_labels = {"return": _("What must the unit complete?"), "reject": _("Reason")}

    def __init__(self, *args, nomination=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = self.comment_labels.get(self.action, self.fields["comment"].label)
        if "decision_authority" in self.fields and nomination is not None:
            self.fields["decision_authority"].initial = nomination.award_type.authority
        if "decision_date" in self.fields and today is not None:
            self.fields["decision_date"].widget.attrs["max"] = today.isoformat()

    def act(self, *, by, nomination) -> bool:
        """Takes the action through the service; a refusal of the input becomes the form's errors
        (TransitionNotAllowed, a refusal of the state, is the caller's)."""
        if not self.is_valid():
            return False
        try:
            services.nomination_transition(
                nomination_id=nomination.pk, by=by, action=self.action, **self.cleaned_data
            )
        except ValidationError as error:
            add_errors(self, error)
            return False
        return True


def _fields_only() -> FormHelper:
    """Fields only: the template's <form> carries the action, the token and the button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class AttachmentForm(forms.Form):
    """Files of one kind for the dossier, checked like an idea's (thiduaportal.uploads)."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    attachments = MultipleFileField(
        label=_("Files (PDF, DOCX, XLSX, ODT, PNG, JPG; at most 10 MB each, 10 per nomination)"),
        required=True,
    )

    def __init__(self, *args, nomination, **kwargs):
        kwargs.setdefault("auto_id", "att-%s")
        super().__init__(*args, **kwargs)
        self.existing = nomination.attachments.filter(removed_at__isnull=True).count()
        self.helper = _fields_only()

    def clean_attachments(self):
        return check_uploads(
            self.cleaned_data.get("attachments") or [],
            existing=self.existing,
            maximum=services.MAX_ATTACHMENTS,
            too_many=_("A nomination can have at most %(max)d attachments; it already has %(n)d."),
        )


class PostingForm(forms.Form):
    """The public posting of a proposal for an order: the day it was posted and where."""

    start = forms.DateField(
        label=_("Posted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = SingleLineField(
        label=_("Where it is posted"),
        max_length=255,
        help_text=_("The notice board or the page of the portal where the proposal is posted."),
    )

    def __init__(self, *args, today, **kwargs):
        kwargs.setdefault("auto_id", "post-%s")
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs["max"] = today.isoformat()
        self.helper = _fields_only()
