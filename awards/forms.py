from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from movement.models import Phase

from . import selectors
from .models import ACHIEVEMENTS_MAX_LENGTH, AwardType, Status


def bootstrap(form):
    """Bootstrap classes on every widget (the templates render fields by hand)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.unit.name}" if obj.unit_id else obj.display_name


class IdeaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.title} ({obj.get_status_display()}"
        if obj.recognition_level:
            label += f", {obj.get_recognition_level_display()}"
        return label + ")"


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
    unit = forms.ModelChoiceField(
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = selectors.nominee_people_for(user).order_by("full_name", "username")
        self.fields["unit"].queryset = selectors.nominee_units_for(user)
        self.fields["ideas"].queryset = selectors.linkable_ideas_for(user)
        if not self.is_bound and "phase" not in self.initial:
            self.initial["phase"] = Phase.for_date(timezone.localdate())
        bootstrap(self)

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


class ActionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=5000, required=False, widget=forms.Textarea)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decision_authority = forms.CharField(label=_("Conferring authority"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class FilterForm(forms.Form):
    """Filters of the list and of the export page; unknown values are form errors, never raw SQL."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    phase = forms.ModelChoiceField(
        label=_("Phase"), queryset=Phase.objects.all(), to_field_name="code", required=False
    )
    award = forms.ModelChoiceField(
        label=_("Award type"), queryset=AwardType.objects.all(), to_field_name="code", required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Status.choices), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        self.fields["phase"].empty_label = _("All")
        self.fields["award"].empty_label = _("All")
        self.fields["unit"].empty_label = _("All")
        bootstrap(self)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "phase": data.get("phase"),
            "award_type": data.get("award"),
            "unit": data.get("unit"),
            "status": data.get("status") or None,
            "q": data.get("q") or "",
        }


class ExportForm(FilterForm):
    FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["q"]
        bootstrap(self)
