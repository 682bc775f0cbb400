"""The shape of the councils' input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit, User
from thiduaportal.fields import SingleLineField

from .models import CouncilKind, Criterion, MeetingItem, MemberRole


class CouncilForm(forms.Form):
    name = SingleLineField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=CouncilKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The city (the committee's council)"),
    )
    default_threshold = forms.IntegerField(
        label=_("Vote threshold (%)"),
        min_value=1,
        max_value=100,
        initial=50,
        help_text=_(
            "Share of the members who must agree, unless the item's kind sets its own (an award type)."
        ),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("Average weighted score needed, as a share of the highest possible."),
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Members who must attend; left empty: more than half of the members."),
    )

    def __init__(self, *args, units=None, city=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].required = not city


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member to add"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the council"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else User.objects.none()
        self.fields["person"].label_from_instance = lambda person: person.display_name


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Meeting date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = SingleLineField(label=_("Place"), max_length=255)


class ItemForm(forms.Form):
    item = forms.ChoiceField(label=_("Idea or nomination"), choices=())

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("— Choose —")), *choices]


class AttendanceForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("Members attending"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(str(m.person_id), m.person.display_name) for m in members]


VOTE_CHOICES = [("agree", _("Agree")), ("disagree", _("Disagree"))]


class BallotForm(forms.Form):
    """One member's scores (a field per criterion) and vote on one item."""

    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, item: MeetingItem, criteria: list[Criterion], **kwargs):
        kwargs.setdefault("auto_id", f"item{item.pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["item"].initial = item.pk
        if item.scored:
            for criterion in criteria:
                self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                    label=_("%(name)s (0–%(max)s, weight %(weight)s)")
                    % {"name": criterion.name, "max": criterion.max_score, "weight": criterion.weight},
                    min_value=0,
                    max_value=criterion.max_score,
                    error_messages={
                        "min_value": _("Scores run from 0 to %(max)s.") % {"max": criterion.max_score},
                        "max_value": _("Scores run from 0 to %(max)s.") % {"max": criterion.max_score},
                    },
                )
        if item.voted:
            self.fields["vote"] = forms.ChoiceField(
                label=_("Vote"), choices=VOTE_CHOICES, widget=forms.RadioSelect
            )

    def scores(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("score_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("score_")
        }

    def agree(self) -> bool | None:
        vote = self.cleaned_data.get("vote")
        return None if not vote else vote == "agree"
