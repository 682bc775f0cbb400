"""A draft saves with its title alone; submitting needs the rest, and the form and the idea's page
say what is still missing. Creating the same idea again (Back, then the button once more) within
ten minutes shows the first one instead of making a second.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ideas import services
from ideas.models import Idea, Status

pytestmark = pytest.mark.django_db

FULL = {
    "title": "Số hoá hồ sơ đất đai",
    "summary": "Tóm tắt",
    "problem": "Hồ sơ giấy",
    "solution": "Số hoá",
    "expected_benefit": "Nhanh hơn",
    "topic": "digital",
    "scope": "unit",
}
MISSING = ("summary", "problem", "solution", "expected_benefit", "topic", "scope")


def session(person):
    client = Client()
    client.force_login(person)
    return client


def new_form_token(client):
    return client.get(reverse("ideas:idea-new")).context["form"]["form_token"].value()


def test_a_draft_saves_with_only_a_title_and_its_page_says_what_is_missing(org):
    client = session(org.author)
    response = client.post(reverse("ideas:idea-new"), {"title": "Chỉ có tên", "intent": "draft"})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.title, idea.status, idea.summary, idea.topic) == ("Chỉ có tên", Status.DRAFT, "", "")
    page = client.get(idea.get_absolute_url())
    labels = page.context["missing"]
    assert len(labels) == len(MISSING)
    assert all(label in page.content.decode() for label in labels)
    assert services.missing_fields(idea) == list(MISSING)
    edit = client.get(reverse("ideas:idea-edit", args=[idea.pk]))
    assert edit.context["missing"] == labels


def test_a_draft_still_needs_its_title(org):
    client = session(org.author)
    response = client.post(reverse("ideas:idea-new"), {"title": "  ", "intent": "draft"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_submitting_needs_every_field_and_names_the_missing_ones(org):
    client = session(org.author)
    response = client.post(reverse("ideas:idea-new"), {"title": "Chỉ có tên", "intent": "submit"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(MISSING)
    assert not Idea.objects.exists()


def test_submitting_an_incomplete_draft_from_its_page_is_refused(org):
    idea, _ = services.idea_create(by=org.author, title="Chỉ có tên")
    client = session(org.author)
    response = client.post(reverse("ideas:idea-action", args=[idea.pk, "submit"]))
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == Status.DRAFT
    with pytest.raises(services.ValidationError) as refused:
        services.idea_transition(idea=idea, by=org.author, action="submit")
    assert set(refused.value.message_dict) == set(MISSING)


def test_a_completed_draft_submits(org):
    idea, _ = services.idea_create(by=org.author, title="Chỉ có tên")
    client = session(org.author)
    edit = reverse("ideas:idea-edit", args=[idea.pk])
    version = client.get(edit).context["form"]["version"].value()
    response = client.post(edit, {**FULL, "title": "Chỉ có tên", "version": version, "intent": "submit"})
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED


def test_the_same_create_again_after_back_shows_the_first_idea(org):
    client = session(org.author)
    first = client.post(
        reverse("ideas:idea-new"), {**FULL, "intent": "submit", "form_token": new_form_token(client)}
    )
    idea = Idea.objects.get()
    # Back reloads the form (a new token), and the same content is sent again.
    again = client.post(
        reverse("ideas:idea-new"),
        {**FULL, "intent": "submit", "form_token": new_form_token(client)},
        follow=True,
    )
    assert Idea.objects.count() == 1
    assert first["Location"] == again.redirect_chain[-1][0] == idea.get_absolute_url()
    assert [m.level_tag for m in again.context["messages"]] == ["info"]


def test_different_content_or_a_later_create_makes_a_new_idea(org, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC), tick=False)
    client = session(org.author)
    url = reverse("ideas:idea-new")
    client.post(url, {**FULL, "intent": "draft", "form_token": new_form_token(client)})
    client.post(url, {**FULL, "summary": "Khác", "intent": "draft", "form_token": new_form_token(client)})
    assert Idea.objects.count() == 2
    time_machine.move_to(datetime.datetime(2026, 6, 1, 3, 11, tzinfo=datetime.UTC), tick=False)
    client.post(url, {**FULL, "intent": "draft", "form_token": new_form_token(client)})
    assert Idea.objects.count() == 3
    # Another author's identical idea is theirs.
    other = session(org.colleague)
    other.post(url, {**FULL, "intent": "draft", "form_token": new_form_token(other)})
    assert Idea.objects.filter(author=org.colleague).count() == 1
