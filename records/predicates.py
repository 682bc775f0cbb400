"""The registry of named eligibility checks. Each is a pure function of a record snapshot, the
proposal's context and the rule's parameters, returning Met / Not met / Not enough data (or, for a
criterion only the council can judge, "for the council") with an explanation that says what was
found and what is missing.

Years: the "window" of a check with `years=N` is the N years ending with the last rated year up to
the proposal (the proposal's own year when it is already rated, else the year before).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .facts import Context, Snapshot
from .models import (
    INITIATIVE_RANK,
    NOT_A_MERIT_BASIS,
    RATING_ABBREVIATION,
    RATING_RANK,
    TITLE_ABBREVIATION,
    AwardCategory,
    AwardForm,
    AwardLevel,
    InitiativeLevel,
    Rating,
    RestrictionKind,
    Title,
)


class Result(models.TextChoices):
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")
    NOT_ENOUGH_DATA = "not_enough_data", gettext_lazy("Not enough data")
    # A criterion no record can show (an "outstanding achievement"): the emulation council judges it.
    FOR_THE_COUNCIL = "council", gettext_lazy("For the council to assess")


@dataclass(frozen=True)
class Outcome:
    status: str
    explanation: str


LEVEL_NAMES = {
    "unit": AwardLevel.UNIT,
    "province": AwardLevel.PROVINCE,
    "government": AwardLevel.GOVERNMENT,
    "state": AwardLevel.STATE,
}

# Parameter kinds: what a value must be, and how it reads in a description.
PARAM_KINDS: dict[str, Callable[[object], bool]] = {
    "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 50,
    "rating": lambda v: v in Rating.values,
    "title": lambda v: v in Title.values,
    "award_level": lambda v: v in LEVEL_NAMES,
    "initiative_level": lambda v: v in InitiativeLevel.values,
    "categories": lambda v: isinstance(v, list) and bool(v) and all(c in AwardCategory.values for c in v),
    "flag": lambda v: isinstance(v, bool),
    "text": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 1000,
}
PARAM_HINTS = {
    "count": "1–50",
    "rating": ", ".join(Rating.values),
    "title": ", ".join(Title.values),
    "award_level": ", ".join(LEVEL_NAMES),
    "initiative_level": ", ".join(InitiativeLevel.values),
    "categories": "[" + ", ".join(AwardCategory.values) + "]",
    "flag": "true, false",
    "text": "…",
}


@dataclass(frozen=True)
class Param:
    kind: str
    required: bool = True


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str
    params: dict[str, Param]
    func: Callable[..., Outcome]
    describe: Callable[[dict], str]


REGISTRY: dict[str, Predicate] = {}


def predicate(name: str, *, label, params: dict[str, Param], describe: Callable[[dict], str]):
    def register(func):
        REGISTRY[name] = Predicate(name=name, label=label, params=params, func=func, describe=describe)
        return func

    return register


def check_params(name: str, params) -> list[str]:
    """What is wrong with a rule's parameters (empty when they fit the predicate)."""
    spec = REGISTRY[name]
    if not isinstance(params, dict):
        return [_('The parameters must be an object such as {"years": 5}.')]
    problems = []
    for key in sorted(set(params) - set(spec.params)):
        problems.append(_("Unknown parameter “%(name)s”.") % {"name": key})
    for key, param in spec.params.items():
        if key not in params:
            if param.required:
                problems.append(_("The parameter “%(name)s” is required.") % {"name": key})
        elif not PARAM_KINDS[param.kind](params[key]):
            problems.append(
                _("The parameter “%(name)s” must be one of: %(hint)s.")
                % {"name": key, "hint": PARAM_HINTS[param.kind]}
            )
    return problems


def run(name: str, snapshot: Snapshot, context: Context, params: dict) -> Outcome:
    return REGISTRY[name].func(snapshot, context, **params)


def describe(name: str, params: dict) -> str:
    """What the rule asks, in a sentence (for the rule lists and the results)."""
    spec = REGISTRY.get(name)
    if spec is None or check_params(name, params):
        return name
    return spec.describe(params)


# Words used in explanations -------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _years(years) -> str:
    return ", ".join(str(y) for y in years)


def _rating(code: str) -> str:
    return str(Rating(code).label)


def _rated(snapshot: Snapshot, years) -> str:
    return ", ".join(f"{y}: {RATING_ABBREVIATION[Rating(snapshot.ratings[y])]}" for y in years)


def _title(code: str) -> str:
    return f"{Title(code).label} ({TITLE_ABBREVIATION[Title(code)]})"


def _award(award) -> str:
    text = f"{AwardForm(award.form).label} – {AwardCategory(award.category).label}"
    if award.decision_number:
        text += " – " + _("decision %(number)s of %(date)s") % {
            "number": award.decision_number,
            "date": _date(award.decision_date),
        }
    else:
        text += f" – {_date(award.decision_date)}"
    return text


def _categories(codes) -> str:
    return ", ".join(str(AwardCategory(c).label).lower() for c in codes)


def last_rated_year(snapshot: Snapshot, day: datetime.date) -> int:
    """The proposal's own year once it is rated, else the year before (ratings come at year end)."""
    return day.year if day.year in snapshot.ratings else day.year - 1


def window(snapshot: Snapshot, day: datetime.date, years: int) -> list[int]:
    last = last_rated_year(snapshot, day)
    return list(range(last - years + 1, last + 1))


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _nothing_recorded() -> Outcome:
    return Outcome(Result.NOT_ENOUGH_DATA, _("Nothing is recorded for this subject yet."))


# The predicates ------------------------------------------------------------------------------------


@predicate(
    "latest_rating",
    label=gettext_lazy("Rating of the last year"),
    params={"at_least": Param("rating")},
    describe=lambda p: (
        _("Rated “%(rating)s” or better in the last year") % {"rating": _rating(p["at_least"])}
    ),
)
def latest_rating(snapshot, context, *, at_least):
    year = last_rated_year(snapshot, context.proposal_date)
    rating = snapshot.ratings.get(year)
    if rating is None:
        return Outcome(Result.NOT_ENOUGH_DATA, _("No rating is recorded for %(year)d.") % {"year": year})
    found = {"year": year, "rating": _rating(rating), "required": _rating(at_least)}
    if RATING_RANK[rating] >= RATING_RANK[at_least]:
        return Outcome(Result.MET, _("%(year)d: %(rating)s.") % found)
    return Outcome(Result.NOT_MET, _("%(year)d: %(rating)s, below “%(required)s”.") % found)


@predicate(
    "consecutive_years_rating",
    label=gettext_lazy("Consecutive years with a rating"),
    params={"years": Param("count"), "at_least": Param("rating")},
    describe=lambda p: (
        ngettext(
            "%(years)d consecutive year rated “%(rating)s” or better, up to the proposal",
            "%(years)d consecutive years rated “%(rating)s” or better, up to the proposal",
            p["years"],
        )
        % {"years": p["years"], "rating": _rating(p["at_least"])}
    ),
)
def consecutive_years_rating(snapshot, context, *, years, at_least):
    span = window(snapshot, context.proposal_date, years)
    rated = [y for y in span if y in snapshot.ratings]
    below = [y for y in rated if RATING_RANK[snapshot.ratings[y]] < RATING_RANK[at_least]]
    missing = [y for y in span if y not in snapshot.ratings]
    words = {"required": _rating(at_least), "span": _span(span)}
    if below:
        return Outcome(
            Result.NOT_MET,
            _(
                "Below “%(required)s” in %(years)s; "
                "every year of %(span)s must be rated “%(required)s” or better."
            )
            % {**words, "years": _rated(snapshot, below)},
        )
    if missing:
        return Outcome(
            Result.NOT_ENOUGH_DATA,
            _("No rating recorded for %(missing)s (needed for %(span)s).")
            % {**words, "missing": _years(missing)},
        )
    return Outcome(
        Result.MET,
        _("Rated “%(required)s” or better every year of %(span)s (%(found)s).")
        % {**words, "found": _rated(snapshot, span)},
    )


@predicate(
    "ratings_include",
    label=gettext_lazy("Years with a given rating"),
    params={"rating": Param("rating"), "count": Param("count"), "years": Param("count")},
    describe=lambda p: (
        ngettext(
            "At least %(count)d year rated “%(rating)s” in the last %(years)d years",
            "At least %(count)d years rated “%(rating)s” in the last %(years)d years",
            p["count"],
        )
        % {"count": p["count"], "rating": _rating(p["rating"]), "years": p["years"]}
    ),
)
def ratings_include(snapshot, context, *, rating, count, years):
    span = window(snapshot, context.proposal_date, years)
    hits = [
        y for y in span if y in snapshot.ratings and RATING_RANK[snapshot.ratings[y]] >= RATING_RANK[rating]
    ]
    missing = [y for y in span if y not in snapshot.ratings]
    words = {"rating": _rating(rating), "span": _span(span), "n": len(hits), "count": count}
    if len(hits) >= count:
        return Outcome(Result.MET, _("Rated “%(rating)s” in %(years)s.") % {**words, "years": _years(hits)})
    if len(hits) + len(missing) >= count:
        return Outcome(
            Result.NOT_ENOUGH_DATA,
            _(
                "Rated “%(rating)s” in %(n)d of the years %(span)s (%(count)d needed); "
                "no rating recorded for %(missing)s."
            )
            % {**words, "missing": _years(missing)},
        )
    return Outcome(
        Result.NOT_MET,
        _("Rated “%(rating)s” in %(n)d of the years %(span)s; %(count)d needed.") % words,
    )


def _longest_run(years: list[int]) -> int:
    best = run = 0
    previous = None
    for year in sorted(set(years)):
        run = run + 1 if previous is not None and year == previous + 1 else 1
        best, previous = max(best, run), year
    return best


def _describe_titles(p) -> str:
    words = {"count": p["count"], "title": _title(p["title"]), "years": p.get("years")}
    if p.get("consecutive"):
        text = ngettext(
            "The title %(title)s %(count)d time in a row",
            "The title %(title)s %(count)d times in a row",
            p["count"],
        )
    else:
        text = ngettext(
            "The title %(title)s %(count)d time", "The title %(title)s %(count)d times", p["count"]
        )
    text = text % words
    if p.get("years"):
        text += " " + _("in the last %(years)d years") % words
    return text


@predicate(
    "titles_in_window",
    label=gettext_lazy("Emulation titles"),
    params={
        "title": Param("title"),
        "count": Param("count"),
        "years": Param("count", required=False),
        "consecutive": Param("flag", required=False),
    },
    describe=_describe_titles,
)
def titles_in_window(snapshot, context, *, title, count, years=None, consecutive=False):
    last = last_rated_year(snapshot, context.proposal_date)
    span = window(snapshot, context.proposal_date, years) if years else None
    held = sorted(
        {t.year for t in snapshot.titles if t.title == title and (t.year in span if span else t.year <= last)}
    )
    n = _longest_run(held) if consecutive else len(held)
    words = {
        "title": _title(title),
        "n": n,
        "count": count,
        "years": _years(held),
        "span": _span(span) if span else str(last),
    }
    if n >= count:
        return Outcome(Result.MET, _("%(title)s in %(years)s.") % words)
    if snapshot.is_empty:
        return _nothing_recorded()
    missing = [y for y in span if y not in snapshot.ratings] if span else []
    if missing:
        return Outcome(
            Result.NOT_ENOUGH_DATA,
            _("%(title)s: %(n)d of %(count)d; nothing is recorded for %(missing)s.")
            % {**words, "missing": _years(missing)},
        )
    if consecutive:
        text = _("%(title)s: at most %(n)d in a row up to %(span)s (%(years)s); %(count)d in a row needed.")
    else:
        text = _("%(title)s: %(n)d in %(span)s (%(years)s); %(count)d needed.")
    if not held:
        words["years"] = _("none")
    return Outcome(Result.NOT_MET, text % words)


def _describe_award(p) -> str:
    words = {"level": AwardLevel(LEVEL_NAMES[p["min_level"]]).label}
    text = _("Already holds an award at %(level)s or higher") % words
    if p.get("categories"):
        text += " " + _("in the category: %(categories)s") % {"categories": _categories(p["categories"])}
    if p.get("before_window"):
        text += ", " + _("received before the %(years)d years that follow it") % {"years": p["before_window"]}
    return text


@predicate(
    "holds_award",
    label=gettext_lazy("An earlier award"),
    params={
        "min_level": Param("award_level"),
        "categories": Param("categories", required=False),
        "before_window": Param("count", required=False),
    },
    describe=_describe_award,
)
def holds_award(snapshot, context, *, min_level, categories=None, before_window=None):
    day = context.proposal_date
    candidates = sorted(
        (a for a in snapshot.awards if a.level >= LEVEL_NAMES[min_level] and a.decision_date <= day),
        key=lambda a: a.decision_date,
        reverse=True,
    )
    start = window(snapshot, day, before_window)[0] if before_window else None
    accepted, set_aside = [], []
    for award in candidates:
        if categories and award.category not in categories:
            set_aside.append(
                _("%(award)s: not counted (only %(categories)s awards count)")
                % {"award": _award(award), "categories": _categories(categories)}
            )
        elif start is not None and award.decision_date.year > start:
            set_aside.append(
                _("%(award)s: received after the first year of the %(span)s window")
                % {"award": _award(award), "span": _span(window(snapshot, day, before_window))}
            )
        else:
            accepted.append(award)
    if accepted:
        return Outcome(Result.MET, _award(accepted[0]) + ".")
    if snapshot.is_empty:
        return _nothing_recorded()
    text = _("No award at %(level)s or higher is recorded that counts.") % {
        "level": AwardLevel(LEVEL_NAMES[min_level]).label
    }
    if set_aside:
        text += " " + "; ".join(set_aside) + "."
    return Outcome(Result.NOT_MET, text)


def _describe_initiatives(p) -> str:
    words = {
        "count": p["count"],
        "level": InitiativeLevel(p["min_level"]).label.lower(),
        "years": p.get("years"),
    }
    text = ngettext(
        "%(count)d initiative recognised at %(level)s or higher",
        "%(count)d initiatives recognised at %(level)s or higher",
        p["count"],
    )
    text = text % words
    if p.get("years"):
        text += " " + _("in the last %(years)d years") % words
    return text


@predicate(
    "initiatives",
    label=gettext_lazy("Recognised initiatives"),
    params={
        "min_level": Param("initiative_level"),
        "count": Param("count"),
        "years": Param("count", required=False),
    },
    describe=_describe_initiatives,
)
def initiatives(snapshot, context, *, min_level, count, years=None):
    day = context.proposal_date
    span = window(snapshot, day, years) if years else None
    found = [
        i
        for i in snapshot.initiatives
        if i.rank >= INITIATIVE_RANK[min_level]
        and i.decision_date <= day
        and (span is None or i.decision_date.year in span)
    ]
    unused = [i for i in found if not i.used_for]
    if len(unused) >= count:
        listed = "; ".join(
            f"“{i.title}” ({InitiativeLevel(i.level).label.lower()}, {_date(i.decision_date)})"
            for i in unused
        )
        return Outcome(Result.MET, listed + ".")
    if snapshot.is_empty:
        return _nothing_recorded()
    text = _("%(n)d unused initiative(s) recognised at %(level)s or higher; %(count)d needed.") % {
        "n": len(unused),
        "count": count,
        "level": InitiativeLevel(min_level).label.lower(),
    }
    for used in (i for i in found if i.used_for):
        text += " " + _("“%(title)s” was already used for %(used_for)s.") % {
            "title": used.title,
            "used_for": used.used_for,
        }
    return Outcome(Result.NOT_MET, text)


@predicate(
    "no_open_hold",
    label=gettext_lazy("No pending investigation or complaint"),
    params={},
    describe=lambda p: _("No investigation, disciplinary review or complaint pending on the proposal date"),
)
def no_open_hold(snapshot, context):
    day = context.proposal_date
    open_holds = [r for r in snapshot.restrictions if r.is_hold and r.overlaps(day, day)]
    if not open_holds:
        return Outcome(Result.MET, _("Nothing pending on %(date)s.") % {"date": _date(day)})
    return Outcome(
        Result.NOT_MET,
        " ".join(
            _("%(kind)s since %(start)s, still open on %(date)s%(detail)s.")
            % {
                "kind": RestrictionKind(r.kind).label,
                "start": _date(r.start),
                "date": _date(day),
                "detail": f" ({r.detail})" if r.detail else "",
            }
            for r in open_holds
        ),
    )


def _describe_discipline(p) -> str:
    if p.get("years"):
        return (
            _("No disciplinary measure in force during the last %(years)d years or on the proposal date") % p
        )
    return _("No disciplinary measure in force on the proposal date")


@predicate(
    "no_discipline_overlap",
    label=gettext_lazy("No disciplinary measure"),
    params={"years": Param("count", required=False)},
    describe=_describe_discipline,
)
def no_discipline_overlap(snapshot, context, *, years=None):
    day = context.proposal_date
    first = datetime.date(window(snapshot, day, years)[0], 1, 1) if years else day
    hits = [r for r in snapshot.restrictions if r.is_discipline and r.overlaps(first, day)]
    period = f"{_date(first)}–{_date(day)}" if years else _date(day)
    if not hits:
        if years:
            return Outcome(
                Result.MET, _("No disciplinary measure in force during %(period)s.") % {"period": period}
            )
        return Outcome(Result.MET, _("No disciplinary measure in force on %(period)s.") % {"period": period})
    return Outcome(
        Result.NOT_MET,
        " ".join(
            _("Disciplinary measure%(detail)s from %(start)s to %(end)s overlaps %(period)s.")
            % {
                "detail": f" ({r.detail})" if r.detail else "",
                "start": _date(r.start),
                "end": _date(r.end) if r.end else _("now"),
                "period": period,
            }
            for r in hits
        ),
    )


@predicate(
    "not_thematic_or_sudden_as_basis",
    label=gettext_lazy("No thematic or sudden award as a basis"),
    params={},
    describe=lambda p: _("A thematic or sudden award is not the basis of a higher award by merit"),
)
def not_thematic_or_sudden_as_basis(snapshot, context):
    if context.basis is not None:
        wrong = [a for a in context.basis if a.category in NOT_A_MERIT_BASIS]
        if wrong:
            return Outcome(
                Result.NOT_MET,
                _("Cited as a basis but not a merit award: %(awards)s.")
                % {"awards": "; ".join(_award(a) for a in wrong)},
            )
        return Outcome(Result.MET, _("The awards cited as a basis are merit awards."))
    set_aside = [a for a in snapshot.awards if a.category in NOT_A_MERIT_BASIS]
    if set_aside:
        return Outcome(
            Result.MET,
            _("Not counted as a basis: %(awards)s.") % {"awards": "; ".join(_award(a) for a in set_aside)},
        )
    return Outcome(Result.MET, _("No thematic or sudden award in the record."))


@predicate(
    "council_assessment",
    label=gettext_lazy("Assessed by the council"),
    params={"criterion": Param("text")},
    describe=lambda p: p["criterion"],
)
def council_assessment(snapshot, context, *, criterion):
    return Outcome(
        Result.FOR_THE_COUNCIL,
        _("The record cannot show this; the emulation council assesses it from the dossier."),
    )
