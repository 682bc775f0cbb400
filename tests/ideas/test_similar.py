"""Duplicates found while writing: similar ideas across units and phases (pg_trgm on PostgreSQL,
the word-share fallback elsewhere), only among the ideas the person may see; a reviewer marks
"duplicate of #N" (returned with a link) or "builds on #N"."""

import json

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


def test_the_similar_text_is_kept_in_step_on_create_and_edit(org):
    from ideas import services

    idea, _ = services.idea_create(by=org.author, title="Số hoá hồ sơ Đất đai", problem="Người dân chờ lâu")
    idea.refresh_from_db()
    assert idea.similar_text == "so hoa ho so dat dai nguoi dan cho lau"
    services.idea_update(idea=idea, by=org.author, title="Trả kết quả tại nhà", problem="Đi lại nhiều lần")
    idea.refresh_from_db()
    assert idea.similar_text == "tra ket qua tai nha di lai nhieu lan"
    long_problem = " ".join(f"từ{n}" for n in range(100))
    services.idea_update(idea=idea, by=org.author, problem=long_problem)
    idea.refresh_from_db()
    assert idea.similar_text == "tra ket qua tai nha " + " ".join(f"tu{n}" for n in range(19))


def _plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def _lookup_plan(person, typed):
    """The lookup's SELECT as `person` sends it, explained under its threshold with sequential scans
    and whole-index walks disabled (on a small table the planner would take either; a Seq Scan left
    means that no index can serve the query)."""
    from django.test.utils import CaptureQueriesContext

    from ideas.search import SIMILAR_TRIGRAM_THRESHOLD

    with CaptureQueriesContext(connection) as captured:
        found = similar_for(person, typed)
    [sql] = [q["sql"] for q in captured.captured_queries if "similar_text" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [SIMILAR_TRIGRAM_THRESHOLD])
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")
            cursor.execute("RESET pg_trgm.word_similarity_threshold")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return found, list(_plan_nodes(plan[0]["Plan"]))


def test_on_postgresql_the_lookup_uses_the_similar_text_index_and_finds_a_near_duplicate(org, postgres):
    """Among many public ideas, a title with words changed and unaccented finds the original first,
    through the trigram index on the similar text (the committee sees every idea, so nothing else
    narrows its lookup); a staff member's lookup, with the visibility rules, never scans the ideas
    either (at 100,000 ideas its plan ANDs the trigram index with them: bench/similar_bench.py)."""
    from ideas.search import fold

    original = idea_in(
        "approved",
        author=org.outsider,
        title="Nhắc lịch tiêm chủng mở rộng qua Zalo cho phụ huynh tại phường Bến Thành",
        problem="Phụ huynh quên lịch tiêm của trẻ",
    )
    topics = ["Thu gom rác thải", "Cấp phép xây dựng", "Chiếu sáng công cộng", "Tiếp nhận hồ sơ đất đai"]
    Idea.objects.bulk_create(
        Idea(
            title=(title := f"{topics[n % 4]} tại khu phố {n}"),
            similar_text=fold(title),
            status=Status.APPROVED,
            author=org.outsider,
            unit=org.outsider.unit,
        )
        for n in range(500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ideas_idea")
    typed = "Nhắc lịch tiêm chủng mở rộng bằng Zalo cho phụ huynh ở phường Ben Thanh"
    for person in (org.committee, org.author):
        found, nodes = _lookup_plan(person, typed)
        assert found[:1] == [original]
        scans = [n for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "ideas_idea"]
        assert scans == [], person
    found, nodes = _lookup_plan(org.committee, typed)
    assert any(n.get("Index Name") == "idea_similar_trgm" for n in nodes), nodes
