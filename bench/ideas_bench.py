"""Latency and queries per page of the idea list, search and review queue (run after ideas_generate.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench .venv/bin/python bench/ideas_bench.py

Requests go through the whole Django stack (middleware, sessions, templates) with the test client,
in-process, so the figures are server time without network. Prints median and p95 per scenario.
"""

import argparse
import statistics
import time

from _setup import setup

setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Unit, User  # noqa: E402
from ideas.models import Idea  # noqa: E402


def pick_people():
    committee = User.objects.filter(groups__name="committee", username__startswith="bench").first()
    top = Unit.objects.filter(code__startswith="BENCH-", parent__code="BENCH-ROOT").exclude(head=None).first()
    staff = User.objects.filter(username__startswith="bench").exclude(pk=committee.pk).order_by("pk")[500]
    return {"committee": committee, "top unit head": top.head, "staff": staff}, top


def measure(client, url, runs):
    client.get(url)  # warm-up (connection, caches)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    total = Idea.objects.count()
    people, top = pick_people()
    scenarios = [
        ("list, page 1", "/ideas/"),
        ("list, page 100", "/ideas/?page=100"),
        ("list, sort by title", "/ideas/?sort=title"),
        ("search 'dat dai'", "/ideas/?q=dat+dai"),
        ("search 'so hoa ho so'", "/ideas/?q=so+hoa+ho+so"),
        ("search 'dam nghi dam lam'", "/ideas/?q=dam+nghi+dam+lam"),
        ("search, no match 'xyzzy'", "/ideas/?q=xyzzy"),
        ("filter unit (with sub-units) + status", f"/ideas/?unit={top.pk}&status=implementing"),
        ("review queue", "/ideas/review/"),
    ]
    print(f"ideas={total} vendor={connection.vendor} runs={args.runs}")
    print(f"{'viewer':<15} {'scenario':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for who, person in people.items():
        client = Client()
        client.force_login(person)
        for name, url in scenarios:
            if url == "/ideas/review/" and who != "top unit head":
                continue
            median, p95, queries = measure(client, url, args.runs)
            print(f"{who:<15} {name:<40} {median:>10.1f} {p95:>8.1f} {queries:>8}")
            reset_queries()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT id FROM ideas_idea WHERE search_text::text LIKE %s "
                "ORDER BY created_at DESC LIMIT 25",
                ["%dam nghi%"],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print("\nplan of a search:\n" + plan)


if __name__ == "__main__":
    main()
