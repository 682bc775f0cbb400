"""Benchmark of the daily reminder job: N people with a deadline due, time and SQL queries.

Runs in a throw-away database (bench_<NAME>), created and dropped here; mail goes to memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_notify \
        .venv/bin/python bench/reminders_bench.py [--people 10000]

The number of queries must grow with the number of batches (500 digests, 1000-2000 rows), not with
the number of people: the run prints both, for N and for N/10.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings.test")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def populate(people: int, today: datetime.date) -> None:
    from accounts.models import Unit, User
    from ideas.models import Idea
    from movement.models import Deadline, Phase

    units = Unit.objects.bulk_create([Unit(code=f"B{i:03d}", name=f"Đơn vị {i}") for i in range(100)])
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench{i}",
                full_name=f"Nguyễn Văn {i}",
                email=f"bench{i}@example.vn",
                unit=units[i % 100],
                password="!",
            )
            for i in range(people)
        ],
        batch_size=2000,
    )
    Idea.objects.bulk_create(
        [
            Idea(
                title=f"Ý tưởng {u.pk}",
                summary="s",
                problem="p",
                solution="s",
                expected_benefit="b",
                topic="digital",
                scope="unit",
                author=u,
                unit_id=u.unit_id,
                status="draft" if i % 2 else "returned",
            )
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    phase = Phase.objects.get(code="2026-2030")
    Deadline.objects.create(
        phase=phase, kind="idea_submission", due_date=today + datetime.timedelta(days=3), title="bench"
    )


def clear() -> None:
    from accounts.models import Unit, User
    from ideas.models import Idea
    from movement.models import Deadline
    from notifications.models import Digest, Notification, ReminderLog

    for model in (ReminderLog, Notification, Digest, Idea, Deadline):
        model.objects.all().delete()
    User.objects.filter(username__startswith="bench").delete()
    Unit.objects.filter(code__startswith="B").delete()


def run(people: int, today: datetime.date) -> dict:
    from notifications.services import reminders_run

    populate(people, today)
    mail.outbox = []
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = reminders_run(today=today, send="sync")
    elapsed = time.perf_counter() - started
    again_started = time.perf_counter()
    with CaptureQueriesContext(connection) as again:
        second = reminders_run(today=today, send="sync")
    again_elapsed = time.perf_counter() - again_started
    figures = {
        "people": people,
        "reminders": result.reminders,
        "mails": len(mail.outbox),
        "seconds": round(elapsed, 2),
        "queries": len(ctx.captured_queries),
        "second_run_new": second.reminders,
        "second_run_seconds": round(again_elapsed, 2),
        "second_run_queries": len(again.captured_queries),
    }
    clear()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    args = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.DEBUG = True  # keep the queries for counting
    # Its own database, so that it never clobbers the one pytest --reuse-db keeps.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"bench_{Path(str(connection.settings_dict['NAME'])).name}"
    )
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = None  # in memory
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        today = datetime.date(2026, 11, 18)
        print(f"database: {connection.vendor}")
        for people in (args.people // 10, args.people):
            figures = run(people, today)
            print(
                f"{figures['people']:>6} people: {figures['reminders']} reminders, {figures['mails']} mails "
                f"in {figures['seconds']} s, {figures['queries']} queries; second run: "
                f"{figures['second_run_new']} new, {figures['second_run_seconds']} s, "
                f"{figures['second_run_queries']} queries"
            )
            assert figures["mails"] == people, figures
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
