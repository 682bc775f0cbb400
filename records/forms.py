"""Forms check the shape of input; the services decide. Fields are listed explicitly."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from thiduaportal.fields import single_line_formfield
from thiduaportal.locking import VersionField, version_of

from .models import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    PORTAL_AWARD_CODES,
    AnnualRating,
    AwardCategory,
    EmulationTitle,
    ExternalAward,
    ExternalInitiative,
    Restriction,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR = forms.NumberInput(attrs={"min": 1975, "max": 2100, "inputmode": "numeric"})


def _helper(*rows) -> FormHelper:
    """The template's <form> carries the tag and the CSRF token; crispy renders the labelled fields."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        *(Div(*row, css_class="row g-3") if isinstance(row, tuple) else row for row in rows),
        "version",
    )
    return helper


def _col(name, width="col-md-6"):
    return Div(name, css_class=f"col-12 {width}")


class EntryForm(forms.ModelForm):
    """Base of the entry forms: the instance carries its subject, so that the checks can see it.
    Every one-line text column is a SingleLineField (each subclass's Meta names the callback); an
    edit carries the version it was opened at (thiduaportal.locking)."""

    version = VersionField()

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        if self.instance.pk is not None:
            self.initial.setdefault("version", version_of(self.instance))
        if self.instance.pk is None:
            if isinstance(subject, Unit):
                self.instance.unit = subject
            else:
                self.instance.person = subject
        self.fields["source"].widget.attrs.setdefault(
            "placeholder", _("e.g. Decision 125/QĐ-UBND, personnel file")
        )

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("The text contains an invalid character."))
        return data


class RatingForm(EntryForm):
    class Meta:
        model = AnnualRating
        formfield_callback = single_line_formfield
        fields = ["year", "rating", "source"]
        widgets = {"year": YEAR}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper((_col("year", "col-md-4"), _col("rating", "col-md-8")), "source")


class TitleForm(EntryForm):
    class Meta:
        model = EmulationTitle
        formfield_callback = single_line_formfield
        fields = ["year", "title", "decision_number", "decision_date", "issuer", "source"]
        widgets = {"year": YEAR, "decision_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = COLLECTIVE_TITLES if isinstance(self.subject, Unit) else INDIVIDUAL_TITLES
        self.fields["title"].choices = [("", "---------")] + [(t.value, t.label) for t in allowed]
        self.helper = _helper(
            (_col("year", "col-md-4"), _col("title", "col-md-8")),
            (_col("decision_number"), _col("decision_date")),
            "issuer",
            "source",
        )


class AwardEntryForm(EntryForm):
    class Meta:
        model = ExternalAward
        formfield_callback = single_line_formfield
        fields = [
            "form",
            "category",
            "issuer",
            "decision_number",
            "decision_date",
            "period_from",
            "period_to",
            "summary",
            "source",
        ]
        widgets = {"decision_date": DATE, "period_from": YEAR, "period_to": YEAR}
        help_texts = {
            "category": _(
                "Awards of a thematic movement or for a sudden achievement never count as the basis of a "
                "higher award by merit."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            (_col("form"), _col("category")),
            "issuer",
            (_col("decision_number"), _col("decision_date")),
            (_col("period_from"), _col("period_to")),
            "summary",
            "source",
        )


class InitiativeEntryForm(EntryForm):
    class Meta:
        model = ExternalInitiative
        formfield_callback = single_line_formfield
        fields = ["title", "level", "authority", "decision_number", "decision_date", "used_for", "source"]
        widgets = {"decision_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].needs_letter = True
        self.helper = _helper(
            "title",
            (_col("level"), _col("authority")),
            (_col("decision_number"), _col("decision_date")),
            "used_for",
            "source",
        )


class RestrictionForm(EntryForm):
    class Meta:
        model = Restriction
        formfield_callback = single_line_formfield
        fields = ["kind", "detail", "start", "end", "source"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("kind", "detail", (_col("start"), _col("end")), "source")


ENTRY_FORMS = {
    "rating": RatingForm,
    "title": TitleForm,
    "award": AwardEntryForm,
    "initiative": InitiativeEntryForm,
    "restriction": RestrictionForm,
}


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The entry stays in the history with this reason."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("reason")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX, at most 2 MB, with the columns listed below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB: split it."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class EligibilityForm(forms.Form):
    """Which award, category and proposal date to check a record against (a GET form)."""

    award = forms.ChoiceField(
        label=_("Award form"), choices=[(code.value, code.label) for code in PORTAL_AWARD_CODES]
    )
    category = forms.ChoiceField(label=_("Category"), choices=AwardCategory.choices)
    on = forms.DateField(
        label=_("Proposal date"), widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def chosen(self):
        """(award code, category, date) once valid; the date defaults to today."""
        data = self.cleaned_data
        return data["award"], data["category"], data.get("on") or timezone.localdate()
