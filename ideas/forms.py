"""Forms check the shape of input; services decide. Fields are listed explicitly (no mass assignment)."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.responsibility import unit_tree
from councils.models import Meeting
from councils.selectors import citable_meetings
from thiduaportal.fields import IdField, SingleLineField, single_line_formfield
from thiduaportal.forms import WorkflowActionForm, add_errors
from thiduaportal.locking import StaleEdit, VersionField, posted_version, show_conflict, version_of
from thiduaportal.uploads import MultipleFileField, check_uploads

from . import services
from .models import Idea, Invitation, RecognitionAct
from .search import similar_query
from .services import MAX_ATTACHMENTS

TITLE_MAX = Idea._meta.get_field("title").max_length


def clean_uploads(files, existing: int = 0):
    """The shared upload checks (thiduaportal.uploads), at most five files per idea."""
    return check_uploads(
        files,
        existing=existing,
        maximum=MAX_ATTACHMENTS,
        too_many=_("An idea can have at most %(max)d attachments; it already has %(n)d."),
    )


def attachment_count(idea) -> int:
    """How many files the idea holds now (none for an idea not yet saved)."""
    return idea.attachments.filter(removed_at__isnull=True).count() if idea.pk else 0


def co_author_choices(author):
    """People of the author's top-level unit (the sở, phường …) and everything under it."""
    qs = User.objects.filter(is_active=True).select_related("unit")
    if author.unit_id is None:
        return qs.none()
    tree = unit_tree()
    return qs.filter(unit_id__in=tree.subtree([tree.top_level(author.unit_id)])).exclude(pk=author.pk)


def chosen_co_authors(idea: Idea) -> list[User]:
    """The co-authors and the colleagues invited and not yet answering: the form's selection."""
    pending = Invitation.objects.filter(idea=idea, answer=Invitation.Answer.PENDING).values("person_id")
    return list(User.objects.filter(Q(co_authored_ideas=idea) | Q(pk__in=pending)).distinct())


class IdeaForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPG; at most 10 MB each and 5 files per idea."),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = VersionField()

    class Meta:
        model = Idea
        formfield_callback = single_line_formfield
        fields = [*services.CONTENT_FIELDS, "co_authors"]  # listed explicitly there: no mass assignment
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
            "expected_benefit": forms.Textarea(attrs={"rows": 4}),
            "co_authors": forms.SelectMultiple(
                attrs={"size": 6, "data-name-filter": _("Type a name to filter")}
            ),
        }
        help_texts = {
            "problem": _("Focus on problems that are not yet regulated, or whose rules do not fit reality."),
            "co_authors": _(
                "For a collective idea: choose the colleagues who wrote it with you. Each is invited "
                "and becomes a co-author on accepting."
            ),
        }

    def __init__(self, *args, author, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_attachments = attachment_count(self.instance)
        self.conflict = None  # the differences with someone else's save, when this one was refused
        self.fields["co_authors"].queryset = co_author_choices(author)
        self.fields["co_authors"].required = False
        self.fields["title"].needs_letter = True
        # A draft is saved with its title alone; submitting needs the rest.
        for name in services.REQUIRED_AT_SUBMIT:
            self.fields[name].required = submitting
        if not self.is_bound and not self.instance.pk:
            self.initial["form_token"] = uuid.uuid4()
        if self.instance.pk:
            self.initial.setdefault("version", version_of(self.instance))
            self.initial["co_authors"] = chosen_co_authors(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            Fieldset(_("The idea"), "title", "summary", "topic", "scope", "co_authors"),
            Fieldset(_("Problem"), "problem", "problem_source"),
            Fieldset(_("Proposed solution"), "solution"),
            Fieldset(_("Expected benefit"), "expected_benefit"),
            Fieldset(_("Attachments"), "attachments"),
            "form_token",
            "version",
            HTML(""),
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Please enter a title."))
        return title

    def clean_attachments(self):
        return clean_uploads(self.cleaned_data.get("attachments") or [], self.existing_attachments)

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "co_authors"}

    def save_through_service(self, *, by, submit: bool):
        """Creates or edits the idea (and submits it when asked) through services.idea_save; a
        refusal of the content becomes a form error. Returns (idea, saved), or None when refused."""
        if not self.is_valid():
            return None
        try:
            return services.idea_save(
                by=by,
                idea=self.instance if self.instance.pk else None,
                token=self.cleaned_data.get("form_token"),
                co_authors=self.cleaned_data["co_authors"],
                uploads=self.cleaned_data["attachments"],
                submit=submit,
                version=posted_version(self) if self.instance.pk else None,
                **self.content(),
            )
        except StaleEdit as stale:
            saved = Idea.objects.get(pk=self.instance.pk)
            theirs = {name: getattr(saved, name) for name in services.CONTENT_FIELDS}
            self.conflict = show_conflict(self, stale, {**theirs, "co_authors": chosen_co_authors(saved)})
            return None
        except ValidationError as error:
            add_errors(self, error)
            return None


class ActionForm(WorkflowActionForm):
    """The input of one transition: a comment (required where the move needs one) and, for a move
    that records a decision, its level, number and date."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write a comment explaining this decision.")},
    )
    level = forms.ChoiceField(label=_("Act of recognition"), choices=RecognitionAct.choices, required=False)
    authority = SingleLineField(
        label=_("Decided by"),
        required=False,
        max_length=255,
        help_text=_(
            "As on the decision. Left empty: the initiative council or the head of the idea's unit; "
            "for city level, the Chairman of the City People's Committee."
        ),
    )
    decision_number = SingleLineField(label=_("Decision number"), required=False, max_length=100)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Council meeting cited"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("A closed council meeting that passed this idea; the recognition cites its minutes."),
    )
    decision_fields = ("level", "authority", "decision_number", "decision_date", "meeting")
    required_decision_fields = ("level", "decision_number", "decision_date")
    comment_labels = {
        "return": _("What must be revised?"),
        "reject": _("Reason"),
        "complete": _("Result assessment"),
    }

    def __init__(self, *args, levels=None, today=None, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = (
                citable_meetings(idea) if idea is not None else Meeting.objects.none()
            )
        self.fields["comment"].label = self.comment_labels.get(self.action, self.fields["comment"].label)
        if "level" in self.fields and levels is not None:
            self.fields["level"].choices = [(c, label) for c, label in RecognitionAct.choices if c in levels]
        if "decision_date" in self.fields and today is not None:
            self.fields["decision_date"].widget.attrs["max"] = today.isoformat()


def inline_helper() -> FormHelper:
    """Fields only: the template's <form> carries the action, the token and the button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ProgressForm(forms.Form):
    cache_rendering = True  # its HTML follows from its fields alone (`{% form_fields %}`)

    comment = forms.CharField(
        label=_("Progress report"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "progress-%s")
        super().__init__(*args, **kwargs)
        self.helper = inline_helper()


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Attachments"), required=True)
    cache_rendering = True  # its HTML follows from its fields alone (`{% form_fields %}`)

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("auto_id", "att-%s")
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.fields["attachments"].label = _(
            "Add files (PDF, DOCX, XLSX, ODT, PNG, JPG; at most 10 MB each, 5 per idea)"
        )
        self.helper = inline_helper()

    def clean_attachments(self):
        # Counted when files arrive, not each time the idea's page shows the form.
        return clean_uploads(self.cleaned_data.get("attachments") or [], attachment_count(self.idea))


class SimilarForm(forms.Form):
    """What an author has typed so far (the similar-ideas box under the title)."""

    title = SingleLineField(required=False, max_length=1000)
    problem = SingleLineField(required=False, max_length=5000)
    exclude = IdField(required=False)

    def text(self) -> str:
        """What is looked up of the title and problem typed (search.similar_query; a malformed
        `exclude` is left out, the text still counts)."""
        self.is_valid()
        return similar_query(self.cleaned_data.get("title", ""), self.cleaned_data.get("problem", ""))


class RelateForm(forms.Form):
    """A reviewer's link from the idea to a similar one."""

    other = IdField()
    relation = forms.ChoiceField(choices=[(name, name) for name in services.RELATIONS])
