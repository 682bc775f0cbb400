"""Demo rounds and nominations for `manage.py seed_demo`, made only through the services and legally
right: no award to a unit dissolved by the 2025 reorganisation (the former district's people are
proposed by the ward that received them), every outcome of the workflow, and the two nominees of the
Prime Minister's certificate by merit whose records (records/demo.py) meet and miss Decree 152/2025:
`staff.noivu` (submitted) and `staff2.binhtan` (a draft; the nomination page shows why).

The rounds: the migration's "Sơ kết giai đoạn 2023-2025" (nominations from 01/10/2025 to 31/03/2026,
decided in 2026, after its phase) holds a history replayed at its own dates; a thematic round of the
current year, open today, holds the rest. `staff.binhtan` gets none, so a newcomer can walk the whole
journey. Idempotent: a nomination that exists is left alone.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from accounts.models import Unit, User
from councils import demo as councils_demo
from ideas import demo as ideas_demo
from ideas.models import Idea
from ideas.models import Status as IdeaStatus
from movement.models import Phase
from records.models import AwardCategory

from . import selectors, services
from .models import AwardType, Nomination, Round
from .workflow import Status as NominationStatus

# Used only when the ideas demo has not created recognised ideas of these units: played through
# the ideas services like every demo idea (unit, author, title, recognition, decision number).
FALLBACK_IDEAS = [
    ("SNV", "staff.noivu", "Số hoá hồ sơ thi đua, khen thưởng trên một cổng dùng chung",
     ("committee", "city"), "2150/QĐ-UBND"),
    ("P-BINHTAN", "staff2.binhtan", "Một cửa liên thông hồ sơ đất đai cấp phường trong 3 ngày làm việc",
     ("head.binhtan", "unit"), "45/QĐ-UBND"),
]  # fmt: skip
HEADS = {"SNV": "head.noivu", "P-BINHTAN": "head.binhtan"}
MID_TERM = "so-ket-2023-2025"
THEMATIC, MERIT = AwardCategory.THEMATIC, AwardCategory.MERIT
# Who signs the City's decisions (a unit's Giấy khen is signed by its head, as the dialog suggests).
CITY_SIGNER = "Nguyễn Văn Được"


def _current_round_code(today: datetime.date) -> str:
    return f"chuyen-de-{today.year}"


# (by, nominee username or None, nominee unit code or None, award, category, round ("current" or a
#  code), the steps as (action, day), decision (number, authority or "") for a decision step,
#  achievements). In the current round, days count back from today; in the mid-term round they are dates.
CURRENT = "current"
PLAN = [
    # The mid-term round of 2023-2025, decided in early 2026.
    ("head.binhtan", "staff2.binhtan", None, "city_certificate", THEMATIC, MID_TERM,
     [("create", "2025-12-10"), ("submit", "2026-01-12"), ("approve", "2026-02-03"),
      ("not_confer", "2026-03-24")],
     ("412/UBND-TĐKT", "Chủ tịch UBND Thành phố"),
     "Tham gia xây dựng quy trình một cửa liên thông hồ sơ đất đai tại Quận Bình Tân (2023-2025)."),
    ("head.noivu", None, "SNV-CCVC", "pm_certificate", THEMATIC, MID_TERM,
     [("create", "2025-11-20"), ("submit", "2025-12-15"), ("approve", "2026-01-08"),
      ("confer_lower", "2026-03-30")],
     ("1290/QĐ-UBND", "Chủ tịch UBND Thành phố"),
     "Tập thể phòng tham mưu sắp xếp tổ chức bộ máy, tinh giản biên chế giai đoạn 2023-2025."),
    ("head.binhtan", None, "P-BINHTAN-VP", "unit_certificate", THEMATIC, MID_TERM,
     [("create", "2026-01-05"), ("submit", "2026-01-15"), ("confer", "2026-02-02")],
     ("15/QĐ-UBND", "Chủ tịch UBND phường Bình Tân"),
     "Văn phòng tiếp nhận hồ sơ của Quận Bình Tân sau sắp xếp, không để gián đoạn thủ tục hành chính."),
    # This year's thematic round, open today.
    ("head.noivu", "staff.noivu", None, "city_certificate", THEMATIC, CURRENT,
     [("create", 50), ("submit", 45), ("approve", 30), ("confer", 10)],
     ("3012/QĐ-UBND", "Chủ tịch UBND Thành phố"),
     "Chủ trì xây dựng cổng thông tin thi đua dùng chung, rút ngắn 60% thời gian xét khen thưởng."),
    ("head.noivu", "staff.noivu", None, "pm_certificate", MERIT, CURRENT,
     [("create", 8), ("submit", 5)], None,
     "Năm năm liên tục hoàn thành tốt nhiệm vụ trở lên, ba lần Chiến sĩ thi đua cơ sở; Bằng khen "
     "của Bộ trưởng Bộ Nội vụ; giải pháp số hoá hồ sơ thi đua được công nhận cấp Thành phố."),
    ("head.binhtan", "staff2.binhtan", None, "pm_certificate", MERIT, CURRENT,
     [("create", 3)], None,
     "Đề xuất và triển khai một cửa liên thông hồ sơ đất đai cấp phường."),
    ("head.noivu", None, "SNV-CCVC", "city_certificate", THEMATIC, CURRENT,
     [("create", 6)], None,
     "Tập thể phòng triển khai thí điểm đánh giá công chức theo kết quả công việc."),
    ("head.noivu", None, "SNV", "labor_order_3", THEMATIC, CURRENT,
     [("create", 40), ("submit", 35), ("reject", 20)], None,
     "Đơn vị dẫn đầu phong trào thi đua năm nay."),
    ("head.binhtan", "staff2.binhtan", None, "city_certificate", THEMATIC, CURRENT,
     [("create", 30), ("submit", 25), ("approve", 12)], None,
     "Đề xuất và triển khai một cửa liên thông hồ sơ đất đai cấp phường, giảm một nửa thời gian giải quyết."),
    ("head.binhtan", "staff2.binhtan", None, "unit_certificate", THEMATIC, CURRENT,
     [("create", 40), ("submit", 35), ("confer", 20)],
     ("12/QĐ-UBND", "Chủ tịch UBND phường Bình Tân"),
     "Hoàn thành xuất sắc nhiệm vụ tại bộ phận một cửa của phường."),
    ("head.binhtan", None, "P-BINHTAN-VP", "unit_certificate", THEMATIC, CURRENT,
     [("create", 15), ("submit", 10), ("return", 4)], None,
     "Văn phòng tham mưu cải cách thủ tục hành chính tại bộ phận một cửa."),
]  # fmt: skip

COMMENTS = {
    "approve": "Đủ điều kiện, trình cấp có thẩm quyền.",
    "reject": "Chưa đủ thời gian và thành tích theo quy định của Luật Thi đua, khen thưởng.",
    "return": "Đề nghị bổ sung minh chứng về hiệu quả áp dụng giải pháp.",
    "not_confer": "Thành tích chưa tiêu biểu so với các trường hợp đề nghị cùng đợt.",
}


def _recognised_ideas(unit_codes, *, today):
    ideas = list(
        Idea.objects.filter(status=IdeaStatus.RECOGNISED, unit__code__in=unit_codes).select_related("unit")
    )
    if ideas:
        return ideas
    for code, author, title, (recogniser, level), number in FALLBACK_IDEAS:
        if code not in unit_codes:
            continue
        idea = Idea.objects.filter(title=title).first()
        if idea is None:
            head = HEADS[code]
            people = {u.username: u for u in User.objects.filter(username__in=[author, head, recogniser])}
            first_day = today - datetime.timedelta(days=30)
            idea = ideas_demo.create_idea(title, author, [], "digital", "unit", first_day, people)
            steps = [
                ("submit", author, "", {}),
                ("approve", head, "", {}),
                ("start", head, "", {}),
                ("complete", head, "Giảm thời gian xử lý hồ sơ và chi phí cho người dân.", {}),
                ("recognise", recogniser, "", {"level": level, "decision_number": number}),
            ]
            ideas_demo.play(idea, steps, first_day, people)
        ideas.append(idea)
    return ideas


def _current_round(*, today, committee) -> Round:
    """A thematic round of this year, open today (30 days left to submit, 45 to review)."""
    code = _current_round_code(today)
    existing = Round.objects.filter(code=code).first()
    if existing is not None:
        return existing
    phase = Phase.for_date(today) or Phase.objects.order_by("-start").first()
    assert phase is not None  # phases come from a migration
    round_ = Round(
        code=code,
        name=f"Khen thưởng chuyên đề phong trào “Dám nghĩ, dám làm” năm {today.year}",
        phase=phase,
        opens_on=today - datetime.timedelta(days=60),
        submission_due=today + datetime.timedelta(days=30),
        review_due=today + datetime.timedelta(days=45),
    )
    return services.round_save(by=committee, round=round_, award_types=AwardType.objects.all())


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _day(value, today: datetime.date) -> datetime.date:
    if isinstance(value, int):
        return today - datetime.timedelta(days=value)
    return datetime.date.fromisoformat(value)


def seed(*, today, log):
    from django.contrib.auth.models import Group, Permission

    from accounts.models import COMMITTEE_GROUP

    # The committee manages award types and rounds in the admin (docs/domain.md); nominations stay
    # read-only there.
    Group.objects.get(name=COMMITTEE_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="awards", content_type__model__in=["awardtype", "round", "nomination"]
        )
    )
    committee = User.objects.get(username="committee")
    rounds = {CURRENT: _current_round(today=today, committee=committee)}
    rounds[MID_TERM] = Round.objects.get(code=MID_TERM)
    created = 0
    backed: set = set()  # an idea backs one award of a nominee (Luật Art 5.2.c)
    for by_name, nominee_name, unit_code, award_code, category, round_key, steps, decision, text in PLAN:
        round_ = rounds[round_key]
        days = [(action, _day(value, today)) for action, value in steps]
        if days[-1][1] > today:
            continue  # a history that has not happened yet on this clock
        by = User.objects.get(username=by_name)
        nominee = User.objects.get(username=nominee_name) if nominee_name else None
        nominee_unit = Unit.objects.get(code=unit_code) if unit_code else None
        award = AwardType.objects.get(code=award_code)
        who = Q(nominee=nominee) if nominee else Q(nominee_unit=nominee_unit)
        if Nomination.objects.filter(who, award_type=award, round=round_).exists():
            continue
        home = nominee.unit if nominee else nominee_unit
        key = (nominee_name, unit_code)
        ideas = [] if key in backed else _recognised_ideas({by.unit.code, home.code}, today=today)[:2]
        backed.add(key)
        (_, start), *actions = days
        nomination = services.nomination_create(
            by=by, round=round_, award_type=award, category=category, nominee=nominee,
            nominee_unit=nominee_unit, achievements=text, ideas=ideas, today=start, now=_moment(start),
        )  # fmt: skip
        for action, day in actions:
            decider = by if action == "submit" or award.decided_by_unit_head else committee
            kwargs: dict = {"comment": COMMENTS.get(action, "")}
            if action in ("confer", "not_confer", "confer_lower"):
                assert decision is not None
                number, authority = decision
                kwargs |= {"decision_number": number, "decision_date": day, "decision_authority": authority}
                if action != "not_confer":
                    suggested = selectors.signer_suggestion(nomination, by)
                    kwargs["decision_signer"] = suggested[1] if award.decided_by_unit_head else CITY_SIGNER
            if action == "confer_lower":
                kwargs["conferred_award_type"] = AwardType.objects.get(code="city_certificate")
            services.nomination_transition(
                nomination_id=nomination.pk, by=decider, action=action, today=day, now=_moment(day), **kwargs
            )
        created += 1
    log(f"nominations: {Nomination.objects.count()} ({created} new); staff.binhtan has none")
    # The city council's meeting on an idea to recognise and a nomination under review (closed, with
    # its results), so that a recognition or a decision can cite its minutes.
    items = [
        Idea.objects.filter(status=IdeaStatus.COMPLETED).order_by("pk").first(),
        Nomination.objects.filter(status=NominationStatus.SUBMITTED).order_by("pk").first(),
    ]
    councils_demo.hold_meeting(
        council_name=councils_demo.CITY_COUNCIL,
        objects=[obj for obj in items if obj is not None],
        day=today - datetime.timedelta(days=2),
        place="Phòng họp Sở Nội vụ",
        log=log,
    )
