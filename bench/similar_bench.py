"""How fast similar ideas appear while an author types (run after ideas_generate.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench .venv/bin/python bench/similar_bench.py

Replays typing: for real titles of the data set (a word changed, as a colleague would phrase the
same idea), every prefix of two words or more is sent to /ideas/similar/ as a staff member of an
ordinary unit would, through the whole Django stack with the test client (server time, no network).
Prints the median, p95 and worst latency, the queries per request, how often the original idea was
found, and the plan of the trigram query (which must use the trigram index, not a scan of ideas).
"""

import argparse
import random
import statistics
import time

from _setup import setup

setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from ideas.models import Idea  # noqa: E402
from ideas.search import SIMILAR_THRESHOLD, fold  # noqa: E402
from ideas.workflow import PUBLIC_STATUSES  # noqa: E402


def typing(title: str) -> list[str]:
    words = title.split()
    return [" ".join(words[:n]) for n in range(2, len(words) + 1)]


def plan(text: str) -> str:
    if connection.vendor != "postgresql":
        return "(not PostgreSQL: the word-share fallback runs)"
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SIMILAR_THRESHOLD])
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM ideas_idea WHERE search_text %%> %s "
            "ORDER BY word_similarity(%s, search_text) DESC LIMIT 5",
            [fold(text), fold(text)],
        )
        rows = [row[0] for row in cursor.fetchall()]
        cursor.execute("ROLLBACK")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--titles", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)
    total = Idea.objects.count()
    staff = User.objects.filter(username__startswith="bench", groups=None, unit__isnull=False).order_by("pk")[
        500
    ]
    public = list(
        Idea.objects.filter(status__in=PUBLIC_STATUSES)
        .order_by("?")
        .values_list("pk", "title")[: args.titles]
    )
    client = Client()
    client.force_login(staff)
    client.get("/ideas/similar/", {"title": "khởi động kết nối"})  # warm-up
    times, queries, found = [], [], 0
    for pk, title in public:
        words = title.split()
        words[rng.randrange(len(words))] = "mới"  # the colleague phrases it a little differently
        prefixes = typing(" ".join(words))
        for prefix in prefixes:
            started = time.perf_counter()
            response = client.get("/ideas/similar/", {"title": prefix})
            times.append((time.perf_counter() - started) * 1000)
        found += f"/ideas/{pk}/" in response.content.decode()
        with CaptureQueriesContext(connection) as captured:
            client.get("/ideas/similar/", {"title": prefixes[-1]})
        queries.append(len(captured))
    times.sort()
    p95 = times[int(round(0.95 * (len(times) - 1)))]
    print(f"{total:,} ideas on {connection.vendor}; {len(times)} keystroke requests as {staff.username}")
    print(f"latency ms: median {statistics.median(times):.1f}  p95 {p95:.1f}  max {times[-1]:.1f}")
    print(
        f"queries per request: {sorted(set(queries))}; "
        f"the original idea found after the whole title: {found}/{len(public)}"
    )
    print("plan of the trigram query for the last title:")
    print(plan(" ".join(public[-1][1].split())))


if __name__ == "__main__":
    main()
