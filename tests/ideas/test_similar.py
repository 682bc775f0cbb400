"""Duplicates found while writing: similar ideas across units and phases (pg_trgm on PostgreSQL,
the word-share fallback elsewhere), only among the ideas the person may see; a reviewer marks
"duplicate of #N" (returned with a link) or "builds on #N"."""

import pytest
from django.db import connection
from django.urls import reverse

from ideas.models import Idea, IdeaEvent, Status
from ideas.search import similar_by_words
from ideas.selectors import similar_for
from notifications.models import Notification
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

LAND = "Tiếp nhận hồ sơ đất đai trực tuyến, trả kết quả tại nhà"
TYPED = "tiep nhan ho so dat dai truc tuyen"


@pytest.fixture
def ideas(org):
    """A public idea of another unit like the one being typed, a hidden draft just as like it, and
    an unrelated public idea."""
    return {
        "public": idea_in("approved", author=org.outsider, title=LAND, problem="Người dân đi lại nhiều lần"),
        "hidden": idea_in("draft", author=org.outsider, title=LAND + " (bản nháp)"),
        "other": idea_in("approved", author=org.outsider, title="Bản đồ số điểm ngập", problem="Ngập úng"),
    }


def test_typing_a_title_finds_a_public_idea_of_another_unit_and_never_a_hidden_one(org, ideas):
    found = similar_for(org.author, TYPED)
    assert found == [ideas["public"]]


def test_short_or_unrelated_text_finds_nothing(org, ideas):
    assert similar_for(org.author, "dat dai") == []
    assert similar_for(org.author, "xay dung cong vien cay xanh ven song") == []


def test_the_idea_being_edited_is_not_its_own_duplicate(org, ideas):
    assert similar_for(org.outsider, TYPED, exclude=ideas["public"].pk) == [ideas["hidden"]]


def test_the_fallback_ranks_by_the_share_of_words_held(org, ideas):
    closer = idea_in("approved", author=org.outsider, title="Tiếp nhận hồ sơ đất đai trực tuyến")
    found = similar_by_words(Idea.objects.filter(status=Status.APPROVED), TYPED, 5)
    assert found[:2] == [closer, ideas["public"]] or set(found[:2]) == {closer, ideas["public"]}
    assert ideas["other"] not in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm runs on PostgreSQL")
def test_on_postgresql_the_trigram_operator_matches_a_misspelt_title(org, ideas):
    assert similar_for(org.author, "tiep nhan ho so dat dia truc tuyn") == [ideas["public"]]


def test_the_form_box_lists_similar_ideas_through_http(client, org, ideas):
    client.force_login(org.author)
    response = client.get(reverse("ideas:idea-similar"), {"title": TYPED, "problem": "", "exclude": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"#{ideas['public'].pk}" in html and ideas["public"].get_absolute_url() in html
    assert "bản nháp" not in html
    assert client.get(reverse("ideas:idea-similar"), {"title": "x" * 2000}).status_code == 200


def test_the_form_page_carries_the_box(client, org):
    client.force_login(org.author)
    html = client.get(reverse("ideas:idea-new")).content.decode()
    assert 'id="similar-ideas"' in html and "ideas/similar" in html


@pytest.fixture
def submitted(org, ideas):
    return idea_in("submitted", author=org.author, co_authors=[org.co_author], title=LAND + " cho phường")


def relate(client, person, idea, other, relation):
    client.force_login(person)
    return client.post(
        reverse("ideas:idea-relate", args=[idea.pk]), {"other": other.pk, "relation": relation}
    )


def test_the_reviewer_sees_similar_ideas_on_the_page(client, org, ideas, submitted):
    client.force_login(org.sub_head)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert reverse("ideas:idea-relate", args=[submitted.pk]) in html
    assert f"#{ideas['public'].pk} {ideas['public'].title}" in html
    client.force_login(org.author)
    assert (
        reverse("ideas:idea-relate", args=[submitted.pk])
        not in client.get(submitted.get_absolute_url()).content.decode()
    )


def test_a_duplicate_is_returned_to_its_authors_with_a_link(client, org, ideas, submitted):
    response = relate(client, org.sub_head, submitted, ideas["public"], "duplicate")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.duplicate_of == ideas["public"]
    event = IdeaEvent.objects.get(idea=submitted, action="return")
    assert ideas["public"].get_absolute_url() in event.comment
    assert Notification.objects.filter(recipient=org.author, kind="idea_return").exists()
    client.force_login(org.author)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert ideas["public"].get_absolute_url() in html


def test_builds_on_is_recorded_and_the_idea_stays_under_review(client, org, ideas, submitted):
    relate(client, org.sub_head, submitted, ideas["public"], "builds_on")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.builds_on == ideas["public"]
    assert IdeaEvent.objects.filter(idea=submitted, action="builds_on").exists()


def test_authors_and_strangers_may_not_relate(client, org, ideas, submitted):
    assert relate(client, org.author, submitted, ideas["public"], "duplicate").status_code == 403
    assert relate(client, org.outsider, submitted, ideas["public"], "duplicate").status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.duplicate_of is None


def test_an_idea_the_authors_cannot_open_is_refused_as_the_other(client, org, submitted):
    unit_draft = idea_in("draft", author=org.colleague, title="Bản nháp của đồng nghiệp")
    response = relate(client, org.sub_head, submitted, unit_draft, "duplicate")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.duplicate_of is None
    assert any(m.level_tag == "error" for m in response.wsgi_request._messages)


@pytest.mark.parametrize("data", [{"other": "abc", "relation": "duplicate"}, {"other": "1", "relation": "x"}])
def test_bad_input_changes_nothing(client, org, ideas, submitted, data):
    client.force_login(org.sub_head)
    response = client.post(reverse("ideas:idea-relate", args=[submitted.pk]), data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.builds_on is None


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_a_slow_lookup_is_cancelled_shows_nothing_and_leaves_the_connection_as_it_was(org, ideas):
    from django.db.models.expressions import RawSQL

    from ideas.search import _similar_trigram

    before = _setting("statement_timeout")
    slow = Idea.objects.filter(pk__in=RawSQL("SELECT id FROM ideas_idea, pg_sleep(0.5)", []))
    assert _similar_trigram(slow, TYPED, 5) == []  # cancelled after SIMILAR_TIMEOUT_MS
    assert _setting("statement_timeout") == before
    assert similar_for(org.author, TYPED) == [ideas["public"]]  # the next lookup works
    assert _setting("statement_timeout") == before
