"""Co-authorship is an invitation: the colleague is told, sees the idea, and accepts or declines;
only then (on accepting) is the colleague a co-author. A head who would review the idea cannot be
invited. An idea nobody in its units may review is flagged on its page and in the committee queue.
"""

import pytest
from django.test import Client
from django.urls import reverse

from ideas.models import Idea, Invitation
from ideas.permissions import is_author
from notifications.models import Notification
from tests.factories import UnitFactory, UserFactory
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Số hoá hồ sơ đất đai",
        "summary": "Tóm tắt",
        "problem": "Hồ sơ giấy",
        "solution": "Số hoá",
        "expected_benefit": "Nhanh hơn",
        "topic": "digital",
        "scope": "unit",
        "intent": "draft",
    }
    data.update(overrides)
    return data


def session(person):
    client = Client()
    client.force_login(person)
    return client


def invite(org, *people):
    author = session(org.author)
    response = author.post(reverse("ideas:idea-new"), form_data(co_authors=[p.pk for p in people]))
    assert response.status_code == 302
    return Idea.objects.get()


def kinds_for(person):
    return set(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def answer_url(idea, answer):
    return reverse("ideas:invitation-answer", args=[idea.pk, answer])


def test_an_invited_colleague_is_told_and_is_not_a_co_author_until_accepting(org):
    idea = invite(org, org.co_author)
    assert "idea_invited" in kinds_for(org.co_author)
    assert not is_author(org.co_author, idea)
    colleague = session(org.co_author)
    # Not an author yet: may not edit or submit it, but sees it and the buttons to answer.
    assert colleague.get(reverse("ideas:idea-edit", args=[idea.pk])).status_code == 403
    page = colleague.get(idea.get_absolute_url())
    assert page.status_code == 200 and answer_url(idea, "accept").encode() in page.content
    assert page.context["my_invitation"].person == org.co_author
    response = colleague.post(answer_url(idea, "accept"))
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    idea = Idea.objects.get(pk=idea.pk)
    assert list(idea.co_authors.all()) == [org.co_author]
    assert idea.invitations.get().answer == Invitation.Answer.ACCEPTED
    assert "idea_invitation_accepted" in kinds_for(org.author)
    assert colleague.get(reverse("ideas:idea-edit", args=[idea.pk])).status_code == 200


def test_a_declined_invitation_leaves_the_colleague_out_and_tells_the_author(org):
    idea = invite(org, org.co_author)
    response = session(org.co_author).post(answer_url(idea, "decline"))
    assert response.status_code == 302
    assert not Idea.objects.get(pk=idea.pk).co_authors.exists()
    assert idea.invitations.get().answer == Invitation.Answer.DECLINED
    assert "idea_invitation_declined" in kinds_for(org.author)
    # Answered once: a second answer changes nothing.
    session(org.co_author).post(answer_url(idea, "accept"))
    assert not Idea.objects.get(pk=idea.pk).co_authors.exists()


def test_only_the_invited_person_answers(org):
    idea = invite(org, org.co_author)
    # The author, a colleague of the unit, someone from elsewhere: nobody else has an invitation.
    for person in (org.author, org.colleague, org.outsider):
        response = session(person).post(answer_url(idea, "accept"))
        assert response.status_code == 404
    assert not Idea.objects.get(pk=idea.pk).co_authors.exists()
    assert session(org.co_author).post(answer_url(idea, "maybe")).status_code == 404


def test_a_get_of_the_answer_url_leads_back_to_the_idea(org):
    idea = invite(org, org.co_author)
    response = session(org.co_author).get(answer_url(idea, "accept"))
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.invitations.get().answer == Invitation.Answer.PENDING


def test_the_head_who_would_review_it_cannot_be_invited(org):
    author = session(org.author)
    response = author.post(reverse("ideas:idea-new"), form_data(co_authors=[org.sub_head.pk]))
    assert response.status_code == 200
    assert "co_authors" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_head_who_is_not_its_reviewer_may_be_invited(org):
    # The head of the unit above: the sub-unit's own head reviews the idea.
    idea = invite(org, org.head)
    session(org.head).post(answer_url(idea, "accept"))
    idea = Idea.objects.get(pk=idea.pk)
    assert list(idea.co_authors.all()) == [org.head]


def test_dropping_an_invited_colleague_withdraws_the_invitation(org):
    idea = invite(org, org.co_author)
    author = session(org.author)
    edit = reverse("ideas:idea-edit", args=[idea.pk])
    version = author.get(edit).context["form"]["version"].value()
    assert author.post(edit, form_data(version=version, co_authors=[])).status_code == 302
    assert idea.invitations.get().answer == Invitation.Answer.WITHDRAWN
    assert session(org.co_author).get(idea.get_absolute_url()).status_code == 404


def test_an_idea_nobody_in_its_units_may_review_is_flagged_on_its_page_and_in_the_queue(org):
    lone = UnitFactory(code="LONE", name="Ban độc lập")
    boss = UserFactory(username="boss", unit=lone)
    lone.head = boss
    lone.save()
    idea = idea_in("submitted", author=boss, unit=lone)
    flag = "badge text-bg-warning"
    committee = session(org.committee)
    assert flag in committee.get(reverse("ideas:review-queue")).content.decode()
    page = committee.get(idea.get_absolute_url())
    assert page.context["for_committee"] and flag in page.content.decode()
    ordinary = idea_in("submitted", author=org.author)
    page = session(org.head).get(ordinary.get_absolute_url())
    assert not page.context["for_committee"] and flag not in page.content.decode()
