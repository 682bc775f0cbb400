"""How fast similar ideas appear while an author types (run after ideas_generate.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench .venv/bin/python bench/similar_bench.py

Replays typing: for real titles of the data set (a word changed, as a colleague would phrase the
same idea), every prefix of two words or more is sent to /ideas/similar/ as a staff member of an
ordinary unit would, through the whole Django stack with the test client (server time, no network).
Prints the median, p95 and worst latency, the queries per request, how often the original idea was
among the five shown (for every prefix of three words or more, by length, and after the whole
title), and the plan of the lookup's query as the view runs it (which must use the trigram index on
the similar text, not a scan of ideas).
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
from ideas.search import SIMILAR_TRIGRAM_THRESHOLD  # noqa: E402
from ideas.selectors import similar_for  # noqa: E402
from ideas.workflow import PUBLIC_STATUSES  # noqa: E402


def typing(title: str) -> list[str]:
    words = title.split()
    return [" ".join(words[:n]) for n in range(2, len(words) + 1)]


def plan(person, text: str) -> str:
    """EXPLAIN ANALYZE of the lookup's SELECT as the view sends it (the person's visibility
    included), under the same trigram threshold."""
    if connection.vendor != "postgresql":
        return "(not PostgreSQL: the word-share fallback runs)"
    with CaptureQueriesContext(connection) as captured:
        similar_for(person, text)
    sql = next(q["sql"] for q in captured.captured_queries if "similar_text" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SIMILAR_TRIGRAM_THRESHOLD])
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        rows = [row[0] for row in cursor.fetchall()]
        cursor.execute("ROLLBACK")
    return "\n".join(rows)


def band(words: int) -> str:
    return "3-4 words" if words <= 4 else "5-7 words" if words <= 7 else "8+ words"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--titles", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    total = Idea.objects.count()
    staff = User.objects.filter(username__startswith="bench", groups=None, unit__isnull=False).order_by("pk")[
        500
    ]
    public_ids = list(
        Idea.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").values_list("pk", flat=True)
    )
    chosen = rng.sample(public_ids, min(args.titles, len(public_ids)))  # the same titles on the same data
    public = list(Idea.objects.filter(pk__in=chosen).order_by("pk").values_list("pk", "title"))
    client = Client()
    client.force_login(staff)
    client.get("/ideas/similar/", {"title": "khởi động kết nối"})  # warm-up
    times, queries, found = [], [], 0
    hits: dict[str, list[bool]] = {}
    for pk, title in public:
        words = title.split()
        words[rng.randrange(len(words))] = "mới"  # the colleague phrases it a little differently
        prefixes = typing(" ".join(words))
        for prefix in prefixes:
            started = time.perf_counter()
            response = client.get("/ideas/similar/", {"title": prefix})
            times.append((time.perf_counter() - started) * 1000)
            shown = f"/ideas/{pk}/" in response.content.decode()
            if len(prefix.split()) >= 3:
                hits.setdefault(band(len(prefix.split())), []).append(shown)
        found += shown
        with CaptureQueriesContext(connection) as captured:
            client.get("/ideas/similar/", {"title": prefixes[-1]})
        queries.append(len(captured))
    times.sort()
    p95 = times[int(round(0.95 * (len(times) - 1)))]
    every = [hit for band_hits in hits.values() for hit in band_hits]
    print(f"{total:,} ideas on {connection.vendor}; {len(times)} keystroke requests as {staff.username}")
    print(f"latency ms: median {statistics.median(times):.1f}  p95 {p95:.1f}  max {times[-1]:.1f}")
    print(f"queries per request: {sorted(set(queries))}")
    print(
        f"the original idea among the five shown: {sum(every)}/{len(every)} prefixes of 3+ words "
        f"({100 * sum(every) / len(every):.0f} %; "
        + ", ".join(
            f"{name} {100 * sum(hits[name]) / len(hits[name]):.0f} %" for name in sorted(hits) if hits[name]
        )
        + f"), after the whole title {found}/{len(public)}"
    )
    print("plan of the lookup for the last title:")
    print(plan(staff, public[-1][1]))


if __name__ == "__main__":
    main()
