"""Forms check the shape of input; services decide. Fields are listed explicitly (no mass assignment)."""

import uuid
import zipfile

import filetype
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.responsibility import unit_tree
from thiduaportal.fields import IdField, SingleLineField, single_line_formfield
from thiduaportal.forms import WorkflowActionForm

from . import services
from .models import Idea, RecognitionLevel
from .services import MAX_ATTACHMENTS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Detected type → (extension, what a zip container must hold, or None for non-zip types).
ALLOWED_TYPES = {
    "application/pdf": ("pdf", None),
    "image/png": ("png", None),
    "image/jpeg": ("jpg", None),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "word/document.xml"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "xl/workbook.xml"),
    "application/vnd.oasis.opendocument.text": ("odt", "content.xml"),
}
TITLE_MAX = Idea._meta.get_field("title").max_length


def detect_type(upload) -> str | None:
    """The allowed type of an upload by its content (magic bytes, then the zip's inside), or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return None
    member = ALLOWED_TYPES[kind.mime][1]
    if member:
        try:
            with zipfile.ZipFile(upload) as archive:
                if member not in archive.namelist():
                    return None
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
        finally:
            upload.seek(0)
    return kind.mime


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def clean_uploads(files, existing: int = 0):
    """Size, count and type checks, with messages that say what to do."""
    if existing + len(files) > MAX_ATTACHMENTS:
        raise forms.ValidationError(
            _("An idea can have at most %(max)d attachments; it already has %(n)d."),
            params={"max": MAX_ATTACHMENTS, "n": existing},
        )
    checked = []
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is larger than 10 MB. Please upload a smaller file."),
                params={"name": upload.name},
            )
        mime = detect_type(upload)
        if mime is None:
            raise forms.ValidationError(
                _("“%(name)s” is not a PDF, DOCX, XLSX, ODT, PNG or JPG file."), params={"name": upload.name}
            )
        checked.append((upload, mime))
    return checked


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


class IdeaForm(forms.ModelForm):
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG or JPG; at most 10 MB each and 5 files per idea."),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

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
            "co_authors": _("For a collective idea: choose the colleagues who wrote it with you."),
        }

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_attachments = attachment_count(self.instance)
        self.fields["co_authors"].queryset = co_author_choices(author)
        self.fields["co_authors"].required = False
        self.fields["title"].needs_letter = True
        if not self.is_bound and not self.instance.pk:
            self.initial["form_token"] = uuid.uuid4()
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
                **self.content(),
            )
        except ValidationError as error:
            self.add_error(None, error)
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
    level = forms.ChoiceField(label=_("Level"), choices=RecognitionLevel.choices, required=False)
    decision_number = SingleLineField(label=_("Decision number"), required=False, max_length=100)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_fields = ("level", "decision_number", "decision_date")
    required_decision_fields = decision_fields
    comment_labels = {
        "return": _("What must be revised?"),
        "reject": _("Reason"),
        "complete": _("Result assessment"),
    }

    def __init__(self, *args, levels=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = self.comment_labels.get(self.action, self.fields["comment"].label)
        if "level" in self.fields and levels is not None:
            self.fields["level"].choices = [
                (c, label) for c, label in RecognitionLevel.choices if c in levels
            ]
        if "decision_date" in self.fields and today is not None:
            self.fields["decision_date"].widget.attrs["max"] = today.isoformat()


def inline_helper() -> FormHelper:
    """Fields only: the template's <form> carries the action, the token and the button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ProgressForm(forms.Form):
    comment = forms.CharField(
        label=_("Progress report"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "progress-%s")
        super().__init__(*args, **kwargs)
        self.helper = inline_helper()


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Attachments"), required=True)

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("auto_id", "att-%s")
        super().__init__(*args, **kwargs)
        self.existing = attachment_count(idea)
        self.fields["attachments"].label = _(
            "Add files (PDF, DOCX, XLSX, ODT, PNG, JPG; at most 10 MB each, 5 per idea)"
        )
        self.helper = inline_helper()

    def clean_attachments(self):
        return clean_uploads(self.cleaned_data.get("attachments") or [], self.existing)


class SimilarForm(forms.Form):
    """What an author has typed so far (the similar-ideas box under the title)."""

    title = SingleLineField(required=False, max_length=1000)
    problem = SingleLineField(required=False, max_length=5000)
    exclude = IdField(required=False)

    def text(self) -> str:
        """The title and problem typed (a malformed `exclude` is left out, the text still counts)."""
        self.is_valid()
        return f"{self.cleaned_data.get('title', '')} {self.cleaned_data.get('problem', '')}"


class RelateForm(forms.Form):
    """A reviewer's link from the idea to a similar one."""

    other = IdField()
    relation = forms.ChoiceField(choices=[(name, name) for name in services.RELATIONS])
