"""Costs that do not grow with the data (docs/performance.md; bench/load.py measures them under load).

Each main page's query count is asserted exactly, with a handful of ideas and again with many more
(of every status, in every unit, with co-authors and notifications): a count that moves with the
data is a query per row. On PostgreSQL, the main queries' plans are read with sequential scans
disabled (enable_seqscan off: the planner takes any index that can serve the query, so a Seq Scan
left means that none can), and no query may read the ideas table whole: no Seq Scan of it, and no
count over an index scan of it without an index condition (a full index scan reads every row too).
"""

import importlib
import json
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, clear_url_caches, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ideas.models import Status
from library.services import adoption_record
from notifications.models import Notification
from tests.factories import UserFactory
from tests.ideas.factories import idea_in
from tests.library.factories import practice_in
from thiduaportal.lists import QuickSelect

pytestmark = pytest.mark.django_db

# (viewer, page) → queries. The idea detail's page is filled in with the viewer's idea. The library
# adds to the dashboards of heads and the committee the summaries waiting for them (two queries), and
# to an idea's page its practice (one; two for its authors, who may be invited to write it).
PAGES = {
    ("committee", "/"): 26,
    ("committee", "/stats/"): 21,
    ("committee", "/ideas/"): 10,
    ("committee", "/ideas/?page=2"): 10,
    ("committee", "/ideas/?q=dam+nghi"): 10,
    ("committee", "/ideas/?unit={unit}&status=submitted"): 10,
    ("committee", "/ideas/{idea}/"): 18,
    ("committee", "/awards/nominations/"): 13,
    ("committee", "/notifications/"): 8,
    ("head", "/"): 24,
    ("head", "/ideas/"): 12,
    ("head", "/ideas/review/"): 10,
    ("head", "/ideas/{idea}/"): 21,
    ("head", "/awards/nominations/"): 13,
    ("head", "/notifications/"): 8,
    ("author", "/"): 17,
    ("author", "/ideas/"): 14,
    ("author", "/ideas/?q=dam+nghi"): 14,
    ("author", "/ideas/{idea}/"): 20,
    ("author", "/notifications/"): 10,
    ("author", "/library/"): 12,
    ("author", "/library/?q=cach+lam&page=2"): 12,
    ("committee", "/library/?unit={unit}&topic=digital&level=unit"): 10,
}
# On PostgreSQL the similar-ideas lookup of a reviewer's page runs in a savepoint with its own limits
# (ideas.search._similar_trigram: savepoint, two settings, their reset, release), at any size.
POSTGRES_EXTRA = {("head", "/ideas/{idea}/"): 5}


def expected_counts():
    extra = POSTGRES_EXTRA if connection.vendor == "postgresql" else {}
    return {key: count + extra.get(key, 0) for key, count in PAGES.items()}


def grow(org, n):
    """n more ideas of every status in every unit, by several people, with co-authors and a
    notification each for the org's people; and practices in the library, published and adopted or
    waiting for their head."""
    people = [org.author, org.colleague, org.outsider, *(UserFactory(unit=org.other) for _ in range(3))]
    statuses = list(Status.values)
    for i in range(n):
        author = people[i % len(people)]
        co_authors = [org.co_author] if i % 3 == 0 else []
        idea_in(
            statuses[i % len(statuses)], author=author, co_authors=co_authors, title=f"Đám nghĩ đám làm {i}"
        )
    for i in range(max(1, n // 2)):
        practice = practice_in(org, title=f"Cách làm hay {n}-{i}")
        if i % 2 == 0:
            adoption_record(
                practice=practice,
                by=org.other_head,
                unit=org.other,
                adopted_on=timezone.localdate(),
                results="x",
            )
    practice_in(org, published=False, title=f"Cách làm chờ duyệt {n}")
    for person in (org.author, org.head, org.committee):
        Notification.objects.bulk_create(
            Notification(
                recipient=person, kind="idea_approve", params={"title": f"{i}", "comment": ""}, title=f"{i}"
            )
            for i in range(n)
        )


def page_counts(client, org, idea):
    counts = {}
    for (who, page), _expected in PAGES.items():
        client.force_login(getattr(org, who))
        url = page.format(unit=org.unit.pk, idea=idea.pk)
        client.get(url)  # the session's first write, the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        counts[(who, page)] = len(captured)
    return counts


def test_each_page_makes_the_same_queries_at_two_data_sizes(client, org):
    idea = idea_in(Status.SUBMITTED, author=org.author, co_authors=[org.co_author], title="Đám nghĩ đám làm")
    grow(org, 3)
    small = page_counts(client, org, idea)
    grow(org, 40)
    large = page_counts(client, org, idea)
    assert small == expected_counts()
    assert large == expected_counts()


def _whole_table_reads(node, counting=False):
    """The plan nodes (in EXPLAIN's JSON) that read the ideas table whole: a sequential scan, or an
    index scan without an index condition under a count (no LIMIT between them)."""
    if node["Node Type"] == "Aggregate":
        counting = True
    elif node["Node Type"] == "Limit":
        counting = False
    found = []
    if node.get("Relation Name") == "ideas_idea":
        if node["Node Type"] == "Seq Scan":
            found.append("Seq Scan")
        elif node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node and counting:
            found.append(f"{node['Node Type']} using {node['Index Name']} without a condition, counted")
    for child in node.get("Plans", []):
        found += _whole_table_reads(child, counting)
    return found


def test_the_main_queries_never_read_the_ideas_table_whole(client, org, postgres):
    idea = idea_in(Status.SUBMITTED, author=org.author, co_authors=[org.co_author], title="Đám nghĩ đám làm")
    grow(org, 20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    problems = []
    for who, page in PAGES:
        client.force_login(getattr(org, who))
        url = page.format(unit=org.unit.pk, idea=idea.pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "ideas_idea" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
                try:
                    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                finally:
                    cursor.execute("RESET enable_seqscan")
            plan = json.loads(plan) if isinstance(plan, str) else plan
            for problem in _whole_table_reads(plan[0]["Plan"]):
                problems.append(f"{who} {url}: {problem}\n  {sql[:400]}")
    assert problems == [], "\n".join(problems)


def test_the_plan_check_sees_a_whole_table_read(org, postgres):
    """The check above can fail: a count of ideas written or co-written in one OR (what the
    dashboard did) reads the table whole."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT status, COUNT(*) FROM ideas_idea WHERE author_id = %s OR id IN "
                "(SELECT idea_id FROM ideas_idea_co_authors WHERE user_id = %s) GROUP BY 1",
                [org.author.pk, org.author.pk],
            )
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert _whole_table_reads(plan[0]["Plan"]) != []


def test_the_benchmarks_bare_view_is_not_routed_in_a_normal_run(client, org, settings):
    assert settings.BENCH_BARE_VIEW is False
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")
    client.force_login(org.author)
    assert client.get("/bench/bare/").status_code == 404


def test_the_benchmark_flag_routes_the_bare_view(settings):
    from thiduaportal import urls, views

    settings.BENCH_BARE_VIEW = True
    try:
        importlib.reload(urls)
        clear_url_caches()
        assert resolve("/bench/bare/").func is views.bench_bare
    finally:
        settings.BENCH_BARE_VIEW = False
        importlib.reload(urls)
        clear_url_caches()
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")


def test_the_quick_select_writes_what_djangos_select_writes():
    choices = [
        ("", "---------"),
        (1, "Sở <Nội vụ> & \"Tư pháp\" 'A'"),
        (2, gettext_lazy("Status")),
        (30, "Phòng 3"),
    ]
    attrs = {"class": "form-select", "id": "id_unit", "required": True}
    for value in (None, "", 2, "30", "missing"):
        quick = QuickSelect(choices=choices).render("unit", value, attrs=attrs)
        django = forms.Select(choices=choices).render("unit", value, attrs=attrs)
        assert re.sub(r">\s+<", "><", quick) == re.sub(r">\s+<", "><", django)
