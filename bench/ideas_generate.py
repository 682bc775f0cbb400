"""Generates a large data set for the benchmarks: 300 units, 10,000 people, 100,000 ideas (--size 100k,
the default) or 10,000 ideas (--size 10k), with the notifications their submissions and decisions
sent.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \
        .venv/bin/python bench/ideas_generate.py --size 10k

Rows go in with bulk_create (search and similar texts folded here, as the services do), so it
takes about a minute per 100,000 ideas. Titles and texts are combined from Vietnamese
administrative phrases (bench/idea_text.py), so that they differ as real ones do; --seed gives the
same data again. Every person's password is `bench-password-123`, hashed with the production
settings' hasher, so bench/load.py (or anyone) can sign in with the real settings.
Notifications are stored as the services store them: a registered kind, its parameters, and the
text in the portal's language. After loading, the tables are analysed (VACUUM ANALYZE): the
planner's statistics of an unanalysed table make every plan worse. Refuses to run twice on the same
database; --ideas/--people/--units override the sizes.
"""

import argparse
import datetime
import random
import time

from _setup import setup

setup()

from django.conf import global_settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402
from idea_text import IdeaText  # noqa: E402

from accounts.models import COMMITTEE_GROUP, Unit, User  # noqa: E402
from ideas import notices  # noqa: E402
from ideas.models import Idea, RecognitionLevel, Scope, Status, Topic  # noqa: E402
from ideas.search import search_text_for, similar_text_for  # noqa: E402
from movement.models import Phase  # noqa: E402
from notifications.kinds import render_stored  # noqa: E402
from notifications.models import EmailState, Notification  # noqa: E402
from thiduaportal.settings import base as production_base  # noqa: E402

PASSWORD = "bench-password-123"
SIZES = {"10k": 10_000, "100k": 100_000}
# What each decision tells the authors (ideas.services._notify), by the status it leads to.
DECISIONS = {
    Status.RETURNED: "return",
    Status.APPROVED: "approve",
    Status.REJECTED: "reject",
    Status.RECOGNISED: "recognise",
}

STATUS_WEIGHTS = {
    Status.DRAFT: 10,
    Status.SUBMITTED: 12,
    Status.RETURNED: 5,
    Status.APPROVED: 15,
    Status.REJECTED: 8,
    Status.WITHDRAWN: 3,
    Status.IMPLEMENTING: 20,
    Status.COMPLETED: 17,
    Status.RECOGNISED: 10,
}


def production_password(raw):
    """`raw` hashed by the first hasher of the production settings (production.py adds none to
    base.py's; Django's default list when base.py sets none), whatever settings this script runs
    with: the test settings' fast hasher would make every sign-in with the real settings fail."""
    hashers = getattr(production_base, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    hasher = import_string(hashers[0])()
    return hasher.encode(raw, hasher.salt())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="100k", help="number of ideas")
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--ideas", type=int, help="overrides --size")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    args.ideas = args.ideas or SIZES[args.size]
    rng = random.Random(args.seed)
    texts = IdeaText(random.Random(args.seed))
    if Unit.objects.filter(code="BENCH-ROOT").exists():
        raise SystemExit("Bench data already exists in this database; use a fresh one.")
    started = time.perf_counter()
    with transaction.atomic():
        root = Unit.objects.create(code="BENCH-ROOT", name="Thành phố (bench)")
        tops = Unit.objects.bulk_create(
            Unit(code=f"BENCH-{i:03d}", name=f"Sở/UBND phường số {i}", parent=root)
            for i in range(args.units // 10)
        )
        children = Unit.objects.bulk_create(
            Unit(code=f"BENCH-{top.pk}-{j}", name=f"Phòng {j} – {top.name}", parent=top)
            for top in tops
            for j in range(9)
        )
        units = tops + children
        password = production_password(PASSWORD)
        people = User.objects.bulk_create(
            User(
                username=f"bench{i:05d}",
                full_name=f"Nguyễn Văn Bench {i}",
                email=f"bench{i}@example.vn",
                password=password,
                unit=rng.choice(units),
            )
            for i in range(args.people)
        )
        # Heads of every top unit and of every third sub-unit; one committee member.
        for n, unit in enumerate(units):
            if unit in tops or n % 3 == 0:
                unit.head = rng.choice(people)
        Unit.objects.bulk_update(units, ["head"], batch_size=500)
        from django.contrib.auth.models import Group

        Group.objects.get_or_create(name=COMMITTEE_GROUP)[0].user_set.add(people[0])
        phases = list(Phase.objects.order_by("start"))
        start = datetime.date(2023, 3, 1)
        span = (datetime.date(2026, 11, 1) - start).days
        unit_of = {unit.pk: unit for unit in units}
        heads = {unit.pk: unit.head for unit in units if unit.head}
        heads["committee"] = people[0]
        batch, made, told = [], 0, 0
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        for i in range(args.ideas):
            author = rng.choice(people)
            status = rng.choices(statuses, weights)[0]
            created = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
            created += datetime.timedelta(days=rng.randrange(span), minutes=rng.randrange(600))
            idea = Idea(
                **texts.idea(),
                topic=rng.choice(Topic.values),
                scope=rng.choice(Scope.values),
                author=author,
                unit=unit_of[author.unit_id],
                status=status,
                created_at=created,
            )
            if status != Status.DRAFT:
                idea.submitted_at = created + datetime.timedelta(days=1)
                day = timezone.localtime(idea.submitted_at).date()
                idea.phase = next((p for p in phases if p.start <= day <= p.end), None)
            if status == Status.RECOGNISED:
                idea.recognition_level = rng.choice(RecognitionLevel.values)
                idea.recognition_decision_number = f"{i}/QĐ"
                idea.recognition_decision_date = timezone.localtime(idea.submitted_at).date()
            idea.search_text = search_text_for(idea)
            idea.similar_text = similar_text_for(idea)
            batch.append(idea)
            if len(batch) == 5000:
                made, told = _add(made, told, _flush(batch, people, heads, rng))
        made, told = _add(made, told, _flush(batch, people, heads, rng))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"units={len(units) + 1} people={len(people)} ideas={made} notifications={told} "
        f"in {time.perf_counter() - started:.1f} s (analysed)"
    )


def _add(made, told, counts):
    return made + counts[0], told + counts[1]


def _flush(batch, people, heads, rng):
    created = Idea.objects.bulk_create(batch)
    through = Idea.co_authors.through
    rows = [
        through(idea_id=idea.pk, user_id=rng.choice(people).pk) for idea in created if rng.random() < 0.15
    ]
    through.objects.bulk_create(rows, ignore_conflicts=True)
    told = Notification.objects.bulk_create(_notifications(created, heads, rng), batch_size=2000)
    n = len(batch)
    batch.clear()
    return n, len(told)


def _notifications(ideas, heads, rng):
    """What the services would have recorded: the submission to the unit's head (the committee
    when the unit has none), each decision to the author; older ones read."""
    for idea in ideas:
        if idea.submitted_at is None:
            continue
        head = heads.get(idea.unit_id)
        kind = notices.SUBMITTED if head else notices.SUBMITTED_TO_COMMITTEE
        params = {"title": idea.title, "person": idea.author.full_name, "unit": idea.unit.name}
        yield _notification(head or heads["committee"], kind, params, idea, rng)
        action = DECISIONS.get(idea.status)
        if action:
            params = {"title": idea.title, "comment": ""}
            yield _notification(idea.author, notices.DECIDED[action], params, idea, rng)


def _notification(recipient, kind, params, idea, rng):
    title, body = render_stored(kind, params)
    return Notification(
        recipient=recipient,
        kind=kind.code,
        params=params,
        title=title[:300],
        body=body,
        url=idea.get_absolute_url(),
        read_at=idea.submitted_at if rng.random() < 0.8 else None,
        email_state=EmailState.SENT,
        emailed_at=idea.submitted_at,
    )


if __name__ == "__main__":
    main()
