"""Two people open the same edit form; the first saves, the second's save is refused with the time
of the first save (local time) and both versions shown, never a silent overwrite. Saving again from
the refused form (which now carries the new version) replaces theirs knowingly.

Ideas, nominations and the records' person-year entries, each with two client sessions.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Nomination
from ideas.models import Idea
from records.models import AnnualRating
from tests.awards.factories import NominationFactory
from tests.factories import phase
from tests.ideas.factories import idea_in
from tests.records.factories import RatingFactory

pytestmark = pytest.mark.django_db


def session(person):
    client = Client()
    client.force_login(person)
    return client


def opened(client, url):
    """The edit form's fields as the browser would post them back (the version included)."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name == "attachments":
            continue
        data[name] = (
            [str(v.pk if hasattr(v, "pk") else v) for v in value] if isinstance(value, list) else value
        )
    assert data["version"]
    return data


def local_time(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def refused(response, saved_at, theirs, yours):
    page = response.content.decode()
    assert response.context["conflict"], "both versions are shown"
    assert 'id="conflict-title"' in page
    assert local_time(saved_at) in page
    assert theirs in page and yours in page


def test_a_stale_idea_edit_is_refused_with_both_versions(org):
    idea = idea_in("draft", author=org.author, co_authors=[org.co_author], title="Bản đầu")
    url = reverse("ideas:idea-edit", args=[idea.pk])
    first, second = session(org.author), session(org.co_author)
    mine, theirs = opened(first, url), opened(second, url)

    assert first.post(url, {**mine, "summary": "Tóm tắt của tác giả", "intent": "draft"}).status_code == 302
    idea.refresh_from_db()
    response = second.post(url, {**theirs, "summary": "Tóm tắt của đồng tác giả", "intent": "draft"})
    assert response.status_code == 200
    refused(response, idea.updated_at, "Tóm tắt của tác giả", "Tóm tắt của đồng tác giả")
    assert Idea.objects.get(pk=idea.pk).summary == "Tóm tắt của tác giả"  # nothing overwritten

    # The refused form carries the new version: saving it again replaces theirs, knowingly.
    again = response.context["form"]["version"].value()
    response = second.post(url, {**theirs, "version": again, "summary": "Tóm tắt của đồng tác giả"})
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).summary == "Tóm tắt của đồng tác giả"


def test_an_idea_edit_from_an_up_to_date_form_saves(org):
    idea = idea_in("draft", author=org.author)
    url = reverse("ideas:idea-edit", args=[idea.pk])
    client = session(org.author)
    data = opened(client, url)
    assert client.post(url, {**data, "title": "Tên mới", "intent": "draft"}).status_code == 302
    assert Idea.objects.get(pk=idea.pk).title == "Tên mới"


def test_a_stale_nomination_edit_is_refused_with_both_versions(org):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, achievements="Ban đầu")
    url = reverse("awards:nomination-edit", args=[nomination.pk])
    first, second = session(org.head), session(org.deputy)
    mine, theirs = opened(first, url), opened(second, url)

    assert first.post(url, {**mine, "achievements": "Bản của trưởng đơn vị"}).status_code == 302
    nomination.refresh_from_db()
    response = second.post(url, {**theirs, "achievements": "Bản của cấp phó"})
    assert response.status_code == 409
    refused(response, nomination.updated_at, "Bản của trưởng đơn vị", "Bản của cấp phó")
    assert Nomination.objects.get(pk=nomination.pk).achievements == "Bản của trưởng đơn vị"

    again = response.context["form"]["version"].value()
    assert (
        second.post(url, {**theirs, "version": again, "achievements": "Bản của cấp phó"}).status_code == 302
    )
    assert Nomination.objects.get(pk=nomination.pk).achievements == "Bản của cấp phó"


def test_a_stale_record_entry_edit_is_refused_with_both_versions(org):
    year = timezone.localdate().year - 1
    entry = RatingFactory(person=org.author, year=year, rating="httnv", entered_by=org.head)
    url = reverse("records:entry-edit", args=["rating", entry.pk])
    first, second = session(org.head), session(org.committee)
    mine, theirs = opened(first, url), opened(second, url)

    assert first.post(url, {**mine, "source": "Quyết định 1/QĐ"}).status_code == 302
    entry.refresh_from_db()
    response = second.post(url, {**theirs, "source": "Quyết định 2/QĐ"})
    assert response.status_code == 400
    refused(response, entry.updated_at, "Quyết định 1/QĐ", "Quyết định 2/QĐ")
    assert AnnualRating.objects.get(pk=entry.pk).source == "Quyết định 1/QĐ"


def test_the_time_shown_is_local(org, time_machine):
    # 17:30 UTC is 00:30 the next day in Ho Chi Minh City.
    time_machine.move_to(datetime.datetime(2026, 6, 1, 17, 30, tzinfo=datetime.UTC), tick=False)
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, phase=phase())
    url = reverse("awards:nomination-edit", args=[nomination.pk])
    first, second = session(org.head), session(org.deputy)
    mine, theirs = opened(first, url), opened(second, url)
    time_machine.move_to(datetime.datetime(2026, 6, 1, 17, 45, tzinfo=datetime.UTC), tick=False)
    assert first.post(url, {**mine, "achievements": "Một"}).status_code == 302
    response = second.post(url, {**theirs, "achievements": "Hai"})
    assert "00:45" in response.content.decode()
