"""The two fast paths around crispy-forms: unbound forms rendered once per process and key
(`{% form_fields %}`), and list filter fields written in Python (`field_html`). Both must write
exactly what crispy writes, and never serve one form's HTML for another."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from ideas.forms import ActionForm
from ideas.workflow import TRANSITIONS
from thiduaportal.lists import QuickSelect, field_html
from thiduaportal.templatetags import portal

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(portal, "_RENDERED", {})


def rendered(form) -> str:
    return Template("{% load portal %}{% form_fields form %}").render(Context({"form": form}))


class Decision(forms.Form):
    """A dialog like the workflows': choices and a date limit that depend on the page."""

    cache_rendering = True
    level = forms.ChoiceField(label="Act")
    decided_on = forms.DateField(label="Decision date", widget=forms.DateInput(attrs={"type": "date"}))
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, levels, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(level, level.title()) for level in levels]
        self.fields["decided_on"].widget.attrs["max"] = today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def decision(levels=("initiative", "unit"), today=TODAY, **kwargs):
    return Decision(levels=levels, today=today, **kwargs)


def test_an_unbound_form_is_written_as_crispy_writes_it_and_rendered_once(monkeypatch):
    calls = []
    real = portal.render_crispy_form
    monkeypatch.setattr(
        portal, "render_crispy_form", lambda form, **kw: calls.append(form) or real(form, **kw)
    )
    first = rendered(decision())
    again = rendered(decision())
    assert parse_html(first) == parse_html(render_crispy_form(decision()))
    assert again == first
    assert len(calls) == 1


def test_an_ideas_dialog_is_kept_unless_it_offers_choices_from_the_database():
    complete = ActionForm(action="complete", move=TRANSITIONS["complete"], today=TODAY)
    assert portal._render_key(complete) is not None
    recognise = ActionForm(action="recognise", move=TRANSITIONS["recognise"], today=TODAY, levels=["unit"])
    assert portal._render_key(recognise) is None  # the council meetings it may cite


def test_what_changes_the_html_changes_the_key():
    unit_only = rendered(decision(levels=["unit"]))
    assert 'value="initiative"' not in unit_only
    assert 'value="initiative"' in rendered(decision())
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert f'max="{tomorrow}"' in rendered(decision(levels=["unit"], today=tomorrow))
    with translation.override("en"):
        english = rendered(ActionForm(action="complete", move=TRANSITIONS["complete"], today=TODAY))
    assert english != rendered(ActionForm(action="complete", move=TRANSITIONS["complete"], today=TODAY))
    assert rendered(decision(levels=["unit"])) == unit_only


def test_a_bound_form_is_rendered_every_time_with_its_values_and_errors(monkeypatch):
    calls = []
    real = portal.render_crispy_form
    monkeypatch.setattr(
        portal, "render_crispy_form", lambda form, **kw: calls.append(form) or real(form, **kw)
    )
    for comment in ("Ý kiến 1", "Ý kiến 2"):
        form = decision(data={"level": "unit", "decided_on": "bad", "comment": comment})
        form.is_valid()
        html = rendered(form)
        assert comment in html
        assert "is-invalid" in html
    assert len(calls) == 2


def test_a_form_whose_html_holds_the_sessions_csrf_token_is_never_kept():
    """A helper that lets crispy write the CSRF token would hand one session's token to the next."""

    def with_token():
        form = decision()
        form.helper.disable_csrf = False
        return form

    assert portal._render_key(with_token()) is None
    for token in ("first-session-token", "second-session-token"):
        html = Template("{% load portal %}{% form_fields form %}").render(
            Context({"form": with_token(), "csrf_token": token})
        )
        assert token in html


def test_the_comment_box_is_kept_without_a_token(client, org):
    from discussions.forms import CommentForm

    assert portal._render_key(CommentForm(audiences=frozenset({"thread"}))) is not None
    html = rendered(CommentForm(audiences=frozenset({"thread", "internal"})))
    assert "csrfmiddlewaretoken" not in html


def test_a_form_that_did_not_opt_in_or_reads_the_database_is_never_kept():
    class Plain(forms.Form):
        name = forms.CharField()

    class FromDatabase(forms.Form):
        cache_rendering = True
        person = forms.ModelChoiceField(queryset=None)

    assert portal._render_key(Plain()) is None
    assert portal._render_key(FromDatabase()) is None


class Filters(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=20, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "---------"), ("a", "A")])
    quick = forms.ChoiceField(label="Quick", required=False, choices=[("x", "X")], widget=QuickSelect)
    needed = forms.CharField(label="Needed", help_text="Say it")
    author = forms.IntegerField(required=False, widget=forms.HiddenInput)


def crispy_field(form, name) -> str:
    """The field as crispy writes it inside a form's layout (errors inline, as the lists show them)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(name)
    return render_crispy_form(form, helper=helper)


@pytest.mark.parametrize(
    "data",
    [None, {"q": "đất đai", "status": "a", "quick": "x", "needed": "x"}, {"q": "x" * 30, "status": "z"}],
)
def test_a_filter_field_written_in_python_is_what_crispy_writes(data):
    form = Filters(data)
    if data is not None:
        form.is_valid()
    for name in form.fields:
        assert parse_html(field_html(form[name])) == parse_html(crispy_field(form, name)), name


def test_a_filter_field_refuses_the_widgets_it_does_not_write():
    class Other(forms.Form):
        agree = forms.BooleanField()

    with pytest.raises(TypeError):
        field_html(Other()["agree"])
