"""Benchmark of the nomination list export on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_awards \
        .venv/bin/python bench/awards_export_bench.py

Creates the database if needed, migrates it, generates 50,000 nominations of phase 2026-2030 with
bulk_create (12,500 people x 4 award types, one recognised idea each, 6,250 earlier conferred awards
in 2023-2025) once, then exports them as CSV and XLSX through awards.exports, and prints time,
queries and peak Python memory (tracemalloc) beside PostgreSQL's own `COPY (SELECT ...) TO STDOUT`
of the same 13 columns as the floor. Time and memory are measured in separate runs (tracemalloc
slows Python down). `--rows N` changes the size, `--regenerate` drops the generated data first.
Targets: CSV within 3x of COPY, XLSX under 30 s, peak memory growth under 100 MB, queries constant.
"""

import argparse
import datetime
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings.test")

MARK = "BENCH"
AWARDS = ["labor_order_3", "pm_certificate", "city_certificate", "unit_certificate"]
STATUSES = ["draft", "submitted", "returned", "approved", "rejected", "conferred"]


def ensure_database(url: str) -> None:
    import psycopg

    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (the benchmark compares with COPY).")
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate(rows: int) -> None:
    from accounts.models import Unit, User
    from awards.models import AwardType, Nomination, Round
    from ideas.models import Idea
    from ideas.search import fold
    from movement.models import Phase

    people_count = rows // len(AWARDS)
    current, previous = Phase.objects.get(code="2026-2030"), Phase.objects.get(code="2023-2025")
    # The rounds the migration creates for each phase (a nomination belongs to a round).
    rounds = {phase.pk: Round.objects.filter(phase=phase).first() for phase in (current, previous)}
    awards = {a.code: a for a in AwardType.objects.all()}
    root, _ = Unit.objects.get_or_create(code=f"{MARK}-ROOT", defaults={"name": "Thành phố (benchmark)"})
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"{MARK}-{i:03d}", name=f"UBND phường Thử nghiệm số {i:03d}", parent=root)
            for i in range(50)
        ]
    )
    head = User.objects.create(username=f"{MARK.lower()}-head", full_name="Trưởng ban Benchmark", unit=root)
    root.head = head
    root.save(update_fields=["head"])
    people = User.objects.bulk_create(
        [
            User(
                username=f"{MARK.lower()}-{i:06d}",
                full_name=f"Nguyễn Thị Thử Nghiệm {i:06d}",
                password="!",
                unit=units[i % len(units)],
                position="Chuyên viên chính",
                gender="female" if i % 2 else "male",
                birth_year=1970 + i % 30,
            )
            for i in range(people_count)
        ],
        batch_size=2000,
    )
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                title=f"Giải pháp số hoá hồ sơ một cửa số {i:06d}",
                summary="Tóm tắt",
                problem="Hồ sơ giấy",
                solution="Số hoá",
                expected_benefit="Nhanh hơn",
                topic="digital",
                scope="unit",
                author=person,
                unit=person.unit,
                phase=current,
                status="recognised",
                recognition_level="city" if i % 3 == 0 else "unit",
                recognition_decision_number=f"{i}/QĐ-UBND",
                recognition_decision_date=datetime.date(2026, 3, 1),
            )
            for i, person in enumerate(people)
        ],
        batch_size=2000,
    )
    text = (
        "Chủ trì triển khai giải pháp số hoá hồ sơ một cửa, rút ngắn 60% thời gian giải quyết thủ tục; "
        "hướng dẫn 12 phường áp dụng; được Chủ tịch UBND Thành phố biểu dương. "
    ) * 3
    nominations = []
    for i, person in enumerate(people):
        for j, code in enumerate(AWARDS):
            status = STATUSES[(i + j) % len(STATUSES)]
            conferred = status == "conferred"
            nominations.append(
                Nomination(
                    round=rounds[current.pk],
                    phase=current,
                    award_type=awards[code],
                    nominee=person,
                    proposing_unit=root,
                    achievements=("=HYPERLINK(1)" if i % 100 == 0 else "") + text,
                    search_text=fold(person.full_name),
                    status=status,
                    decision_number=f"{i}-{j}/QĐ" if conferred else "",
                    decision_date=datetime.date(2026, 10, 1) if conferred else None,
                    decision_authority=awards[code].authority if conferred else "",
                    created_by=head,
                )
            )
        if i % 2 == 0:
            nominations.append(
                Nomination(
                    round=rounds[previous.pk],
                    phase=previous,
                    award_type=awards["unit_certificate"],
                    nominee=person,
                    proposing_unit=root,
                    achievements="Hoàn thành xuất sắc nhiệm vụ năm 2024.",
                    status="conferred",
                    decision_number=f"{i}/GK",
                    decision_date=datetime.date(2024, 12, 20),
                    decision_authority="Thủ trưởng đơn vị",
                    created_by=head,
                )
            )
    nominations = Nomination.objects.bulk_create(nominations, batch_size=5000)
    through = Nomination.ideas.through
    idea_of = {idea.author_id: idea.pk for idea in ideas}
    through.objects.bulk_create(
        [
            through(nomination_id=n.pk, idea_id=idea_of[n.nominee_id])
            for n in nominations
            if n.phase_id == current.pk
        ],
        batch_size=10000,
    )


def drop_generated() -> None:
    from accounts.models import Unit, User
    from awards.models import Nomination
    from ideas.models import Idea

    Nomination.ideas.through.objects.filter(nomination__proposing_unit__code=f"{MARK}-ROOT").delete()
    Nomination.objects.filter(proposing_unit__code=f"{MARK}-ROOT").delete()
    Idea.objects.filter(author__username__startswith=f"{MARK.lower()}-").delete()
    Unit.objects.filter(code=f"{MARK}-ROOT").update(head=None)
    User.objects.filter(username__startswith=f"{MARK.lower()}-").delete()
    Unit.objects.filter(code__startswith=f"{MARK}-").exclude(code=f"{MARK}-ROOT").delete()
    Unit.objects.filter(code=f"{MARK}-ROOT").delete()


COPY_SQL = """
COPY (
  WITH picked AS (SELECT id, nominee_id, nominee_unit_id FROM awards_nomination WHERE phase_id = {phase}),
  linked AS (
    SELECT ni.nomination_id,
           string_agg(concat_ws(' – ', i.title, NULLIF(i.recognition_level, ''),
                                NULLIF(i.recognition_decision_number, '')), '; ' ORDER BY i.title) AS ideas
      FROM awards_nomination_ideas ni JOIN ideas_idea i ON i.id = ni.idea_id
     WHERE ni.nomination_id IN (SELECT id FROM picked)
     GROUP BY ni.nomination_id),
  conferred AS (
    SELECT e.id, e.nominee_id, e.nominee_unit_id, e.decision_date,
           concat_ws(' – ', et.name, e.decision_number, extract(year FROM e.decision_date)::int) AS label
      FROM awards_nomination e JOIN awards_awardtype et ON et.id = e.award_type_id
     WHERE e.status = 'conferred'),
  earlier AS (
    SELECT n.id, string_agg(c.label, '; ' ORDER BY c.decision_date) AS awards
      FROM picked n JOIN conferred c ON c.nominee_id = n.nominee_id AND c.id <> n.id
     GROUP BY n.id
    UNION ALL
    SELECT n.id, string_agg(c.label, '; ' ORDER BY c.decision_date) AS awards
      FROM picked n JOIN conferred c ON c.nominee_unit_id = n.nominee_unit_id AND c.id <> n.id
     GROUP BY n.id)
  SELECT row_number() OVER (
           ORDER BY t.rank, COALESCE(nu.name, pu.name), COALESCE(nu.name, p.full_name), n.id),
         COALESCE(nu.name, p.full_name),
         CASE WHEN n.nominee_unit_id IS NULL THEN
           CASE p.gender WHEN 'male' THEN 'Nam' WHEN 'female' THEN 'Nữ' ELSE '' END ELSE '' END,
         CASE WHEN n.nominee_unit_id IS NULL THEN p.birth_year::text ELSE '' END,
         CASE WHEN n.nominee_unit_id IS NULL THEN p.position ELSE '' END,
         COALESCE(nu.name, pu.name),
         t.name,
         n.achievements,
         l.ideas,
         ea.awards,
         n.status,
         n.decision_number,
         to_char(n.decision_date, 'DD/MM/YYYY')
    FROM awards_nomination n
    JOIN awards_awardtype t ON t.id = n.award_type_id
    LEFT JOIN accounts_user p ON p.id = n.nominee_id
    LEFT JOIN accounts_unit pu ON pu.id = p.unit_id
    LEFT JOIN accounts_unit nu ON nu.id = n.nominee_unit_id
    LEFT JOIN linked l ON l.nomination_id = n.id
    LEFT JOIN earlier ea ON ea.id = n.id
   WHERE n.phase_id = {phase}
   ORDER BY t.rank, COALESCE(nu.name, pu.name), COALESCE(nu.name, p.full_name), n.id
) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
"""


# A stricter floor: the same rows and order, but without the two aggregated columns.
BARE_COPY_SQL = """
COPY (
  SELECT n.id, COALESCE(nu.name, p.full_name), p.gender, p.birth_year, p.position, COALESCE(nu.name, pu.name),
         t.name, n.achievements, n.status, n.decision_number, to_char(n.decision_date, 'DD/MM/YYYY')
    FROM awards_nomination n
    JOIN awards_awardtype t ON t.id = n.award_type_id
    LEFT JOIN accounts_user p ON p.id = n.nominee_id
    LEFT JOIN accounts_unit pu ON pu.id = p.unit_id
    LEFT JOIN accounts_unit nu ON nu.id = n.nominee_unit_id
   WHERE n.phase_id = {phase}
   ORDER BY t.rank, COALESCE(nu.name, pu.name), COALESCE(nu.name, p.full_name), n.id
) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
"""


def run_copy(phase_id: int, sql: str = COPY_SQL) -> tuple[int, int]:
    """The floor: PostgreSQL writes the original 13 columns itself (one statement)."""
    from django.db import connection

    size = lines = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql.format(phase=int(phase_id))) as copy:
        for block in copy:
            size += len(block)
            lines += bytes(block).count(b"\n")
    return size, lines - 1


def run_csv(qs) -> tuple[int, int]:
    from awards.exports import csv_stream

    size = lines = 0
    for chunk in csv_stream(qs):
        size += len(chunk.encode("utf-8"))  # what StreamingHttpResponse sends
        lines += 1
    return size, lines - 1


def run_xlsx(qs) -> tuple[int, int]:
    from awards.exports import xlsx_file

    handle = xlsx_file(qs, title="Danh sách đề nghị khen thưởng – giai đoạn 2026-2030")
    size = handle.seek(0, 2)
    handle.close()
    return size, -1


def measure(label, fn, *args):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        size, rows = fn(*args)
        elapsed = time.perf_counter() - start
    queries = len(ctx)
    tracemalloc.start()
    fn(*args)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "label": label,
        "seconds": elapsed,
        "queries": queries,
        "peak_mb": peak / 2**20,
        "bytes": size,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from awards import selectors
    from awards.models import Nomination
    from movement.models import Phase

    phase = Phase.objects.get(code="2026-2030")
    existing = Nomination.objects.filter(proposing_unit__code=f"{MARK}-ROOT", phase=phase).count()
    if args.regenerate or (existing and existing != args.rows):
        drop_generated()
        existing = 0
    if not existing:
        start = time.perf_counter()
        generate(args.rows)
        print(f"generated {args.rows:,} nominations in {time.perf_counter() - start:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    committee, _ = User.objects.get_or_create(username="bench-committee", defaults={"is_superuser": True})
    qs = selectors.nomination_list_for(committee).filter(phase=phase)
    total = qs.count()
    print(f"phase 2026-2030: {total:,} nominations to export (PostgreSQL {connection.pg_version // 10000})")
    results = [
        measure("COPY (floor)", run_copy, phase.pk),
        measure("CSV", run_csv, qs),
        measure("XLSX", run_xlsx, qs),
        measure("COPY bare", run_copy, phase.pk, BARE_COPY_SQL),
    ]
    print(f"{'export':<14}{'time (s)':>10}{'queries':>9}{'peak MB':>9}{'size MB':>9}{'rows':>8}")
    for r in results:
        rows = r["rows"] if r["rows"] >= 0 else total
        print(
            f"{r['label']:<14}{r['seconds']:>10.2f}{r['queries']:>9}{r['peak_mb']:>9.1f}"
            f"{r['bytes'] / 2**20:>9.1f}{rows:>8,}"
        )
    floor, csv_result, xlsx_result, bare = results
    ratio = csv_result["seconds"] / floor["seconds"]
    bare_ratio = csv_result["seconds"] / bare["seconds"]
    print(
        f"CSV / COPY = {ratio:.1f}x (target <= 3x; {bare_ratio:.1f}x the bare COPY "
        f"without the two aggregated columns); XLSX {xlsx_result['seconds']:.1f} s (target < 30 s)"
    )
    print("COPY runs as one statement outside Django's query log; the export's queries are counted above.")
    ok = (
        ratio <= 3
        and xlsx_result["seconds"] < 30
        and max(csv_result["peak_mb"], xlsx_result["peak_mb"]) < 100
        and csv_result["rows"] == floor["rows"] == total
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
