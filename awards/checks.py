"""A nomination checked against the law: what refuses it (blocks) and what is shown beside it
(warnings), each with the article it rests on.

The services enforce the blocks: the portal's own checks (who confers, dissolved units, an idea
used twice) when a draft is saved, and those together with the record's eligibility rules
(`records.eligibility.evaluate`) when a nomination is submitted, approved or conferred. The
nomination page shows every finding beside its article.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Unit, User
from accounts.responsibility import unit_tree
from ideas.models import Idea
from ideas.models import Status as IdeaStatus
from records.eligibility import BLOCK, WARNING, Evaluation, Extra, evaluate
from records.facts import AwardFact, InitiativeFact
from records.models import AwardForm, ExternalAward, InitiativeLevel

from .models import AwardType, Nomination
from .workflow import OPEN_STATUSES, Status

LUAT = "Luật Thi đua, khen thưởng 2022"
ARTICLE_AUTHORITY = f"{LUAT}, Điều 75 khoản 1, Điều 80 khoản 1; Nghị định 129/2025/NĐ-CP, Điều 59"
ARTICLE_OWN_UNIT = f"{LUAT}, Điều 80 khoản 1"
ARTICLE_DISSOLVED = "Thông tư 15/2025/TT-BNV"
ARTICLE_ONE_ACHIEVEMENT = f"{LUAT}, Điều 5 khoản 2 điểm c"
ARTICLE_BASIS = "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 3"
ARTICLE_WOMEN = "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 6"
ARTICLE_MOVEMENT = "Kế hoạch phát động phong trào “Dám nghĩ, dám làm”"
DEADLINE_SOON_DAYS = 7
# Idea recognition levels as initiative levels of the record.
INITIATIVE_LEVEL = {"unit": InitiativeLevel.GRASSROOTS, "city": InitiativeLevel.CITY}


@dataclass(frozen=True)
class Finding:
    """One block or warning found by the portal itself (the rule sets' results come separately)."""

    code: str
    effect: str  # records.eligibility.BLOCK or WARNING
    text: str
    article: str


@dataclass
class Assessment:
    """Everything checked for one nomination on its proposal date."""

    proposal_date: datetime.date
    findings: list[Finding] = field(default_factory=list)
    evaluation: Evaluation | None = None

    @property
    def blocks(self) -> list[Finding]:
        found = [f for f in self.findings if f.effect == BLOCK]
        if self.evaluation is not None:
            found += [
                Finding(
                    code=r.code, effect=BLOCK, text=f"{r.description}: {r.explanation}", article=r.article
                )
                for r in self.evaluation.blocks
            ]
        return found

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.effect == WARNING]


def conferring_unit_id(proposing_unit_id: int) -> int:
    """The unit whose head decides a Giấy khen proposed by this unit: the nearest one with a head."""
    tree = unit_tree()
    for node in tree.chain(proposing_unit_id):
        if node in tree.head:
            return node
    return proposing_unit_id


def draft_findings(
    *,
    award_type: AwardType,
    nominee: User | None,
    nominee_unit: Unit | None,
    proposing_unit_id: int,
    idea_ids: list[int],
    basis: list[ExternalAward],
    exclude_pk: int | None,
    today: datetime.date,
) -> list[Finding]:
    """The portal's own blocks, checked whenever a nomination is saved."""
    findings: list[Finding] = []
    if nominee_unit is not None and nominee_unit.is_dissolved_on(today):
        findings.append(
            Finding(
                "dissolved",
                BLOCK,
                _("%(unit)s was dissolved in a reorganisation: no award goes to a dissolved unit.")
                % {"unit": nominee_unit.name},
                ARTICLE_DISSOLVED,
            )
        )
    if nominee is not None and nominee.unit is not None and nominee.unit.is_dissolved_on(today):
        findings.append(
            Finding(
                "dissolved_home",
                BLOCK,
                _(
                    "%(person)s still belongs to %(unit)s, which was dissolved: record the unit that "
                    "received them; that unit proposes them."
                )
                % {"person": nominee.display_name, "unit": nominee.unit.name},
                ARTICLE_DISSOLVED,
            )
        )
    if award_type.decided_by_unit_head:
        findings += _authority_findings(proposing_unit_id, nominee_unit)
    findings += _reused_idea_findings(
        nominee=nominee, nominee_unit=nominee_unit, idea_ids=idea_ids, exclude_pk=exclude_pk
    )
    foreign = [
        a
        for a in basis
        if not (
            a.person_id == (nominee.pk if nominee else None)
            and a.unit_id == (nominee_unit.pk if nominee_unit else None)
        )
    ]
    if foreign:
        findings.append(
            Finding(
                "basis_foreign",
                BLOCK,
                _("An award cited as the basis belongs to someone else's record."),
                ARTICLE_BASIS,
            )
        )
    return findings


def _authority_findings(proposing_unit_id: int, nominee_unit: Unit | None) -> list[Finding]:
    conferring = Unit.objects.get(pk=conferring_unit_id(proposing_unit_id))
    findings = []
    if not conferring.confers_unit_certificate:
        findings.append(
            Finding(
                "authority",
                BLOCK,
                _(
                    "The head of %(unit)s may not confer a Giấy khen: only heads of units with legal "
                    "personality and chairmen of ward and commune People's Committees do. The unit "
                    "above proposes it."
                )
                % {"unit": conferring.name},
                ARTICLE_AUTHORITY,
            )
        )
    if nominee_unit is not None and nominee_unit.pk in {conferring.pk, proposing_unit_id}:
        findings.append(
            Finding(
                "own_unit",
                BLOCK,
                _("A head does not confer a Giấy khen on the unit they lead; the unit above proposes it."),
                ARTICLE_OWN_UNIT,
            )
        )
    return findings


def _nominee_q(prefix: str, nominee: User | None, nominee_unit: Unit | None) -> Q:
    if nominee_unit is not None:
        return Q(**{f"{prefix}nominee_unit_id": nominee_unit.pk})
    return Q(**{f"{prefix}nominee_id": nominee.pk if nominee else None})


def _uses_elsewhere(
    *, nominee: User | None, nominee_unit: Unit | None, idea_ids: list[int], exclude_pk: int | None
) -> dict[int, list[str]]:
    """Idea → the names of the nominee's other open or conferred nominations that rest on it."""
    if not idea_ids:
        return {}
    rows = (
        Nomination.ideas.through.objects.filter(idea_id__in=idea_ids)
        .filter(_nominee_q("nomination__", nominee, nominee_unit))
        .filter(nomination__status__in=[*OPEN_STATUSES, Status.CONFERRED])
        .exclude(nomination_id=exclude_pk or 0)
        .values_list("idea_id", "nomination__award_type__name")
    )
    used: dict[int, list[str]] = {}
    for idea_id, award in rows:
        used.setdefault(idea_id, []).append(award)
    return used


def _reused_idea_findings(
    *, nominee: User | None, nominee_unit: Unit | None, idea_ids: list[int], exclude_pk: int | None
) -> list[Finding]:
    used = _uses_elsewhere(
        nominee=nominee, nominee_unit=nominee_unit, idea_ids=idea_ids, exclude_pk=exclude_pk
    )
    titles = dict(Idea.objects.filter(pk__in=used).values_list("pk", "title"))
    return [
        Finding(
            "idea_used",
            BLOCK,
            _("The idea “%(idea)s” already backs another award of this nominee (%(awards)s).")
            % {"idea": titles[idea_id], "awards": ", ".join(awards)},
            ARTICLE_ONE_ACHIEVEMENT,
        )
        for idea_id, awards in sorted(used.items())
    ]


def _portal_extra(nomination: Nomination, ideas: list[Idea]) -> Extra:
    """The nominee's awards conferred through the portal and the recognised ideas this nomination
    rests on, as facts for the record's rules."""
    conferred = (
        Nomination.objects.filter(
            _nominee_q("", nomination.nominee, nomination.nominee_unit), status=Status.CONFERRED
        )
        .exclude(pk=nomination.pk)
        .select_related("award_type")
    )
    awards = tuple(
        AwardFact(
            form=n.award_type.code,
            category=n.category,
            decision_date=n.decision_date,
            decision_number=n.decision_number,
            issuer=n.decision_authority,
            origin="portal",
        )
        for n in conferred
        if n.award_type.code in AwardForm.values and n.decision_date
    )
    initiatives = tuple(
        InitiativeFact(
            title=idea.title,
            level=INITIATIVE_LEVEL[idea.recognition_level],
            decision_date=idea.recognition_decision_date,
            decision_number=idea.recognition_decision_number,
            origin="portal",
        )
        for idea in ideas
        if idea.status == IdeaStatus.RECOGNISED
        and idea.recognition_level in INITIATIVE_LEVEL
        and idea.recognition_decision_date
    )
    return Extra(awards=awards, initiatives=initiatives)


def _basis_facts(nomination: Nomination) -> tuple[AwardFact, ...] | None:
    cited = list(nomination.basis.all())
    if not cited:
        return None
    return tuple(
        AwardFact(
            form=a.form,
            category=a.category,
            decision_date=a.decision_date,
            decision_number=a.decision_number,
            issuer=a.issuer,
        )
        for a in cited
    )


def proposal_date_of(nomination: Nomination, today: datetime.date) -> datetime.date:
    """The date of the proposal: the day it was submitted, or today for one not yet submitted."""
    if nomination.submitted_at and nomination.status != Status.DRAFT:
        return timezone.localtime(nomination.submitted_at).date()
    return today


def assess(
    nomination: Nomination, *, today: datetime.date, proposal_date: datetime.date | None = None
) -> Assessment:
    """Every block and warning of the nomination, dated by its proposal (today while a draft)."""
    day = proposal_date or proposal_date_of(nomination, today)
    ideas = list(nomination.ideas.all())
    findings = draft_findings(
        award_type=nomination.award_type,
        nominee=nomination.nominee,
        nominee_unit=nomination.nominee_unit,
        proposing_unit_id=nomination.proposing_unit_id,
        idea_ids=[idea.pk for idea in ideas],
        basis=list(nomination.basis.all()),
        exclude_pk=nomination.pk,
        today=day,
    )
    if not any(idea.status == IdeaStatus.RECOGNISED and idea.recognition_level for idea in ideas):
        findings.append(
            Finding(
                "no_recognised_idea",
                WARNING,
                _("No idea whose effect was recognised backs this nomination."),
                ARTICLE_MOVEMENT,
            )
        )
    findings += _tie_break_findings(nomination)
    findings += _deadline_findings(nomination, today)
    subject = nomination.nominee_unit or nomination.nominee
    evaluation = None
    if nomination.award_type.code in AwardForm.values and subject is not None:
        evaluation = evaluate(
            subject,
            nomination.award_type.code,
            nomination.category,
            day,
            extra=_portal_extra(nomination, ideas),
            basis=_basis_facts(nomination),
        )
    return Assessment(proposal_date=day, findings=findings, evaluation=evaluation)


def _tie_break_findings(nomination: Nomination) -> list[Finding]:
    if nomination.nominee_unit_id:
        text = _(
            "Among collectives with equal achievements, those with at least 70 % women are preferred: "
            "state this collective's share in the dossier."
        )
    elif nomination.nominee is not None and nomination.nominee.gender == User.Gender.FEMALE:
        text = _("Among nominees with equal achievements, women are preferred: this nominee is a woman.")
    else:
        return []
    return [Finding("women_first", WARNING, text, ARTICLE_WOMEN)]


def _deadline_findings(nomination: Nomination, today: datetime.date) -> list[Finding]:
    """The round's submission deadline, while the nomination is still to be submitted."""
    if nomination.status not in (Status.DRAFT, Status.RETURNED):
        return []
    due = nomination.round.submission_due
    days = (due - today).days
    if days > DEADLINE_SOON_DAYS:
        return []
    if days < 0:
        text = _("The submission deadline (%(date)s) has passed.") % {"date": due.strftime("%d/%m/%Y")}
    else:
        text = ngettext(
            "The submission deadline (%(date)s) is in %(days)d day.",
            "The submission deadline (%(date)s) is in %(days)d days.",
            days,
        ) % {"date": due.strftime("%d/%m/%Y"), "days": days}
    return [Finding("deadline", WARNING, text, nomination.round.name)]
