"""Forms check the shape of input; services decide. Every form is rendered by crispy-forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from councils.models import Meeting
from councils.selectors import citable_meetings
from records.models import AwardCategory
from thiduaportal.fields import SingleLineField
from thiduaportal.forms import WorkflowActionForm, add_errors
from thiduaportal.locking import StaleEdit, VersionField, posted_version, show_conflict, version_of
from thiduaportal.uploads import MultipleFileField, check_uploads

from . import selectors, services
from .models import ACHIEVEMENTS_MAX_LENGTH, AttachmentKind, AwardType, Round


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.unit.name}" if obj.unit_id else obj.display_name


class BasisChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        owner = obj.person.display_name if obj.person_id else obj.unit.name
        return f"{owner}: {obj.get_form_display()} ({obj.get_category_display()}), {obj.decision_number}"


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
        "round": nomination.round,
        "award_type": nomination.award_type,
        "category": nomination.category,
        "basis": list(nomination.basis.all()),
        "nominee": nomination.nominee,
        "unit": nomination.nominee_unit,
        "achievements": nomination.achievements,
        "ideas": list(nomination.ideas.all()),
    }


class NominationForm(forms.Form):
    """Shape only; the service decides (scope, duplicates). Choices are scoped to the viewer,
    so a forged id is "not one of the available choices"."""

    round = forms.ModelChoiceField(
        label=_("Award round"),
        queryset=Round.objects.select_related("phase"),
        help_text=_("A new nomination goes to a round that accepts nominations today."),
    )
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.all())
    category = forms.ChoiceField(
        label=_("Award category"),
        choices=AwardCategory.choices,
        initial=AwardCategory.THEMATIC,
        required=False,
        help_text=_(
            "This movement's awards are thematic; choose merit to be checked against the law's criteria."
        ),
    )
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
    basis = BasisChoiceField(
        label=_("Earlier awards cited as its basis"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Awards in the nominee's record that this proposal rests on (for a merit award). A thematic "
            "or sudden award is never the basis of a merit award."
        ),
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
        self.fields["basis"].queryset = selectors.citable_awards_for(user)
        today = timezone.localdate()
        if nomination is None:
            # Only open rounds take new nominations; the one closing first is proposed.
            self.fields["round"].queryset = Round.open_on(today).select_related("phase")
        if not self.is_bound and "round" not in self.initial:
            self.initial["round"] = Round.open_on(today).first()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            _half("round", "award_type"),
            _half("category"),
            Fieldset(_("Nominee"), _half("nominee", "unit")),
            "achievements",
            "ideas",
            "basis",
            "version",
            HTML(
                "{% if not form.fields.ideas.queryset.exists %}"
                + format_html(
                    '<p class="text-secondary">{}</p>', _("No approved or recognised idea of your units yet.")
                )
                + "{% endif %}"
            ),
        )

    def clean_category(self):
        return self.cleaned_data["category"] or AwardCategory.THEMATIC

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
            "round": data["round"],
            "award_type": data["award_type"],
            "category": data["category"],
            "basis": data["basis"],
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
    decision_authority = SingleLineField(
        label=_("Signer's title"),
        max_length=255,
        required=False,
        help_text=_("As on the decision, e.g. “Chủ tịch UBND phường Bình Tân”."),
    )
    decision_signer = SingleLineField(label=_("Signed by"), max_length=150, required=False)
    conferred_award_type = forms.ModelChoiceField(
        label=_("Form conferred"), queryset=AwardType.objects.all(), required=False
    )
    council_meeting = forms.ModelChoiceField(
        label=_("Council meeting cited"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("A closed council meeting that passed this nomination; the decision cites its minutes."),
    )
    decision_fields = (
        "conferred_award_type",
        "decision_number",
        "decision_date",
        "decision_authority",
        "decision_signer",
        "council_meeting",
    )
    required_decision_fields = ("decision_number", "decision_date", "decision_authority", "decision_signer")
    comment_labels = {
        "return": _("What must the unit complete?"),
        "reject": _("Reason"),
        "not_confer": _("Reason given by the higher level"),
    }
    decision_labels = {
        "not_confer": {
            "decision_number": _("Number of the higher level's document"),
            "decision_date": _("Date of that document"),
            "decision_authority": _("Issued by"),
        },
    }

    def __init__(self, *args, nomination=None, today=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = self.comment_labels.get(self.action, self.fields["comment"].label)
        for name, label in self.decision_labels.get(self.action, {}).items():
            self.fields[name].label = label
        if self.action == "not_confer" and "decision_signer" in self.fields:
            del self.fields["decision_signer"]  # the higher level's refusal: its issuer suffices
        if "conferred_award_type" in self.fields:
            if getattr(self.move, "needs_lower_form", False):
                self.fields["conferred_award_type"].required = True
                if nomination is not None:
                    self.fields["conferred_award_type"].queryset = AwardType.objects.filter(
                        rank__gt=nomination.award_type.rank
                    )
            else:
                del self.fields["conferred_award_type"]
        if "council_meeting" in self.fields:
            self.fields["council_meeting"].queryset = (
                citable_meetings(nomination) if nomination is not None else Meeting.objects.none()
            )
        if "decision_signer" in self.fields and nomination is not None:
            title, name = selectors.signer_suggestion(nomination, user)
            self.fields["decision_authority"].initial = title
            self.fields["decision_signer"].initial = name
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
