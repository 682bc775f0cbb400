"""Each eligibility check as a pure function of a record snapshot: no database."""

import datetime

from records.facts import Context
from records.predicates import REGISTRY, Result, check_params, describe, run
from tests.records.factories import award, initiative, restriction, snapshot, title

DAY = datetime.date(2026, 3, 2)  # a proposal in March: the last rated year is 2025


def check(name, snap, day=DAY, basis=None, **params):
    return run(name, snap, Context(proposal_date=day, basis=basis), params)


def years(first, last, rating="httnv"):
    return {year: rating for year in range(first, last + 1)}


def test_latest_rating_reads_the_year_before_a_proposal_made_before_the_year_is_rated():
    assert check("latest_rating", snapshot(ratings={2025: "httnv"}), at_least="httnv").status == Result.MET
    low = check("latest_rating", snapshot(ratings={2025: "htnv"}), at_least="httnv")
    assert low.status == Result.NOT_MET and "2025" in low.explanation
    missing = check("latest_rating", snapshot(ratings={2024: "htxsnv"}), at_least="httnv")
    assert missing.status == Result.NOT_ENOUGH_DATA and "2025" in missing.explanation
    # Once the proposal's own year is rated, it is the last year.
    rated_now = snapshot(ratings={2025: "khtnv", 2026: "htxsnv"})
    assert (
        check("latest_rating", rated_now, day=datetime.date(2026, 12, 28), at_least="httnv").status
        == Result.MET
    )


def test_consecutive_years_met_broken_and_gaps():
    met = check("consecutive_years_rating", snapshot(ratings=years(2021, 2025)), years=5, at_least="httnv")
    assert met.status == Result.MET and "2021–2025" in met.explanation
    broken = check(
        "consecutive_years_rating",
        snapshot(ratings={**years(2021, 2025), 2023: "htnv"}),
        years=5,
        at_least="httnv",
    )
    assert broken.status == Result.NOT_MET and "2023: HTNV" in broken.explanation
    gap = check("consecutive_years_rating", snapshot(ratings=years(2023, 2025)), years=5, at_least="httnv")
    assert gap.status == Result.NOT_ENOUGH_DATA and "2021, 2022" in gap.explanation
    # A year below the bar decides, whatever is missing: more data cannot repair it.
    both = check(
        "consecutive_years_rating", snapshot(ratings={2024: "htnv", 2025: "httnv"}), years=5, at_least="httnv"
    )
    assert both.status == Result.NOT_MET


def test_ratings_include_counts_excellent_years_in_the_window():
    snap = snapshot(ratings={**years(2021, 2025), 2019: "htxsnv"})
    assert check("ratings_include", snap, rating="htxsnv", count=1, years=5).status == Result.NOT_MET
    snap = snapshot(ratings={**years(2021, 2025), 2024: "htxsnv"})
    assert check("ratings_include", snap, rating="htxsnv", count=1, years=5).status == Result.MET
    gap = snapshot(ratings=years(2023, 2025))
    assert check("ratings_include", gap, rating="htxsnv", count=1, years=5).status == Result.NOT_ENOUGH_DATA


def test_titles_in_window_counts_and_runs():
    snap = snapshot(ratings=years(2019, 2025), titles=[title(2019), title(2021), title(2023), title(2025)])
    assert check("titles_in_window", snap, title="cstdcs", count=3, years=5).status == Result.MET
    two = snapshot(ratings=years(2019, 2025), titles=[title(2019), title(2020), title(2023), title(2025)])
    result = check("titles_in_window", two, title="cstdcs", count=3, years=5)
    assert result.status == Result.NOT_MET and "2023, 2025" in result.explanation
    assert check("titles_in_window", snap, title="cstdcs", count=2, consecutive=True).status == Result.NOT_MET
    assert check("titles_in_window", two, title="cstdcs", count=2, consecutive=True).status == Result.MET
    gap = snapshot(ratings=years(2024, 2025), titles=[title(2025)])
    assert check("titles_in_window", gap, title="cstdcs", count=3, years=5).status == Result.NOT_ENOUGH_DATA
    assert check("titles_in_window", snapshot(), title="cstdcs", count=1).status == Result.NOT_ENOUGH_DATA


def test_holds_award_counts_only_merit_awards_of_the_level_before_the_window():
    snap = snapshot(ratings=years(2021, 2025), awards=[award(year=2019)])
    params = {"min_level": "province", "categories": ["merit"], "before_window": 5}
    assert check("holds_award", snap, **params).status == Result.MET
    thematic = snapshot(ratings=years(2021, 2025), awards=[award(category="thematic", year=2019)])
    result = check("holds_award", thematic, **params)
    assert result.status == Result.NOT_MET and "Thematic" in result.explanation
    late = snapshot(ratings=years(2021, 2025), awards=[award(year=2023)])
    result = check("holds_award", late, **params)
    assert result.status == Result.NOT_MET and "2021–2025" in result.explanation
    unit_level = snapshot(ratings=years(2021, 2025), awards=[award(form="unit_certificate", year=2019)])
    assert check("holds_award", unit_level, **params).status == Result.NOT_MET
    higher = snapshot(ratings=years(2021, 2025), awards=[award(form="pm_certificate", year=2020)])
    assert check("holds_award", higher, **params).status == Result.MET
    # An award decided after the proposal's date does not count for it.
    later = snapshot(ratings=years(2021, 2025), awards=[award(year=2026)])
    assert check("holds_award", later, min_level="province").status == Result.NOT_MET
    assert check("holds_award", snapshot(), **params).status == Result.NOT_ENOUGH_DATA


def test_initiatives_count_unused_ones_of_the_level():
    snap = snapshot(ratings=years(2024, 2025), initiatives=[initiative(2024), initiative(2025)])
    assert check("initiatives", snap, min_level="grassroots", count=2, years=2).status == Result.MET
    assert check("initiatives", snap, min_level="city", count=1).status == Result.NOT_MET
    used = snapshot(
        ratings=years(2024, 2025), initiatives=[initiative(2024, used_for="CSTĐCS 2024"), initiative(2025)]
    )
    result = check("initiatives", used, min_level="grassroots", count=2)
    assert result.status == Result.NOT_MET and "CSTĐCS 2024" in result.explanation
    old = snapshot(ratings=years(2024, 2025), initiatives=[initiative(2020), initiative(2025)])
    assert check("initiatives", old, min_level="grassroots", count=2, years=2).status == Result.NOT_MET


def test_holds_are_open_from_their_start_until_their_end():
    open_hold = snapshot(restrictions=[restriction("investigation", datetime.date(2026, 1, 5))])
    result = check("no_open_hold", open_hold)
    assert result.status == Result.NOT_MET and "05/01/2026" in result.explanation
    closed = snapshot(
        restrictions=[restriction("complaint", datetime.date(2025, 1, 5), datetime.date(2026, 3, 1))]
    )
    assert check("no_open_hold", closed).status == Result.MET
    later = snapshot(restrictions=[restriction("complaint", datetime.date(2026, 3, 3))])
    assert check("no_open_hold", later).status == Result.MET
    discipline_only = snapshot(restrictions=[restriction("discipline", datetime.date(2026, 1, 5))])
    assert check("no_open_hold", discipline_only).status == Result.MET


def test_discipline_on_the_date_or_in_the_window():
    past = snapshot(
        ratings=years(2021, 2025),
        restrictions=[restriction("discipline", datetime.date(2022, 3, 1), datetime.date(2023, 3, 1))],
    )
    assert check("no_discipline_overlap", past).status == Result.MET
    assert check("no_discipline_overlap", past, years=5).status == Result.NOT_MET
    now = snapshot(restrictions=[restriction("discipline", datetime.date(2025, 12, 1))])
    assert check("no_discipline_overlap", now).status == Result.NOT_MET


def test_thematic_or_sudden_awards_are_never_a_merit_basis():
    thematic = award(form="city_certificate", category="thematic", year=2024)
    snap = snapshot(awards=[thematic])
    cited = check("not_thematic_or_sudden_as_basis", snap, basis=(thematic,))
    assert cited.status == Result.NOT_MET and "Thematic" in cited.explanation
    assert check("not_thematic_or_sudden_as_basis", snap, basis=(award(),)).status == Result.MET
    uncited = check("not_thematic_or_sudden_as_basis", snap)
    assert uncited.status == Result.MET and "Not counted" in uncited.explanation


def test_what_only_the_council_can_judge_is_left_to_it():
    result = check("council_assessment", snapshot(), criterion="Thành tích xuất sắc")
    assert result.status == Result.FOR_THE_COUNCIL


def test_parameters_are_checked_against_the_registry():
    assert check_params("consecutive_years_rating", {"years": 5, "at_least": "httnv"}) == []
    assert len(check_params("consecutive_years_rating", {"years": 0, "at_least": "good", "extra": 1})) == 3
    assert check_params("titles_in_window", {"title": "cstdcs"}) == ["The parameter “count” is required."]
    assert check_params("holds_award", "province") != []
    assert describe("titles_in_window", {"title": "cstdcs", "count": 3, "years": 5}).startswith("The title")
    assert describe("unknown", {}) == "unknown"
    assert set(REGISTRY) >= {
        "latest_rating",
        "consecutive_years_rating",
        "ratings_include",
        "titles_in_window",
        "holds_award",
        "initiatives",
        "no_open_hold",
        "no_discipline_overlap",
        "not_thematic_or_sudden_as_basis",
        "council_assessment",
    }
