"""Demo nominations for `manage.py seed_demo`: every status, conferred ones with
decisions, some in the 2023-2025 phase for the former district. `staff.binhtan` gets none, so a
newcomer can walk the whole journey. Idempotent: a nomination that exists is left alone."""

import datetime

from django.db.models import Q

from accounts.models import Unit, User
from ideas import demo as ideas_demo
from ideas.models import Idea
from ideas.models import Status as IdeaStatus
from movement.models import Phase

from . import selectors, services
from .models import AwardType, Nomination

# Used only when the ideas demo has not created recognised ideas of these units: played through
# the ideas services like every demo idea (unit, author, title, recognition, decision number).
FALLBACK_IDEAS = [
    ("SNV", "staff.noivu", "Số hoá hồ sơ thi đua, khen thưởng trên một cổng dùng chung",
     ("committee", "city"), "2150/QĐ-UBND"),
    ("P-BINHTAN", "staff2.binhtan", "Một cửa liên thông hồ sơ đất đai cấp phường trong 3 ngày làm việc",
     ("head.binhtan", "unit"), "45/QĐ-UBND"),
]  # fmt: skip
HEADS = {"SNV": "head.noivu", "P-BINHTAN": "head.binhtan"}
# Who signs the decisions of the awards the committee confers (the City Chairman's certificate).
CITY_SIGNER = ("Chủ tịch UBND Thành phố Hồ Chí Minh", "Nguyễn Văn Được")

# (by, nominee username or None, nominee unit code or None, award, phase, path, decision, achievements)
PLAN = [
    ("head.noivu", "staff.noivu", None, "city_certificate", "2026-2030", ["submit", "approve", "confer"],
     ("3012/QĐ-UBND", 10),
     "Chủ trì xây dựng cổng thông tin thi đua dùng chung, rút ngắn 60% thời gian xét khen thưởng."),
    ("head.noivu", "staff.noivu", None, "pm_certificate", "2026-2030", ["submit"], None,
     "Hai năm liền hoàn thành xuất sắc nhiệm vụ; giải pháp số hoá được công nhận cấp Thành phố."),
    ("head.noivu", None, "SNV-CCVC", "city_certificate", "2026-2030", [], None,
     "Tập thể phòng triển khai thí điểm đánh giá công chức theo kết quả công việc."),
    ("head.noivu", None, "SNV", "labor_order_3", "2026-2030", ["submit", "reject"], None,
     "Đơn vị dẫn đầu phong trào thi đua năm 2026."),
    ("head.binhtan", "staff2.binhtan", None, "city_certificate", "2026-2030", ["submit", "approve"], None,
     "Đề xuất và triển khai một cửa liên thông hồ sơ đất đai cấp phường."),
    ("head.binhtan", "staff2.binhtan", None, "unit_certificate", "2026-2030", ["submit", "confer"],
     ("12/QĐ-UBND", 20), "Hoàn thành xuất sắc nhiệm vụ năm 2026."),
    ("head.binhtan", None, "P-BINHTAN-VP", "unit_certificate", "2026-2030", ["submit", "return"], None,
     "Văn phòng tham mưu cải cách thủ tục hành chính tại bộ phận một cửa."),
    ("head.binhtan", None, "P-BINHTAN-VP", "unit_certificate", "2023-2025", ["submit", "confer"],
     ("87/QĐ-UBND", 60), "Văn phòng tham mưu sắp xếp tổ chức bộ máy phường từ ngày 01/7/2025."),
]  # fmt: skip

COMMENTS = {
    "approve": "Đủ điều kiện, trình Chủ tịch UBND Thành phố.",
    "reject": "Chưa đủ thời gian và thành tích theo quy định của Luật Thi đua, khen thưởng.",
    "return": "Đề nghị bổ sung minh chứng về hiệu quả áp dụng giải pháp.",
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


def seed(*, today, log):
    from django.contrib.auth.models import Group, Permission

    from accounts.models import COMMITTEE_GROUP

    # The committee manages award types in the admin (docs/domain.md); nominations stay read-only there.
    Group.objects.get(name=COMMITTEE_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="awards", content_type__model__in=["awardtype", "nomination"]
        )
    )
    committee = User.objects.get(username="committee")
    created = 0
    backed: set = set()  # an idea backs one award of a nominee (Luật Art 5.2.c)
    for by_name, nominee_name, unit_code, award_code, phase_code, path, decision, text in PLAN:
        by = User.objects.get(username=by_name)
        nominee = User.objects.get(username=nominee_name) if nominee_name else None
        nominee_unit = Unit.objects.get(code=unit_code) if unit_code else None
        award = AwardType.objects.get(code=award_code)
        phase = Phase.objects.get(code=phase_code)
        who = Q(nominee=nominee) if nominee else Q(nominee_unit=nominee_unit)
        if Nomination.objects.filter(who, award_type=award, phase=phase).exists():
            continue
        home = nominee.unit if nominee else nominee_unit
        key = (nominee_name, unit_code)
        ideas = [] if key in backed else _recognised_ideas({by.unit.code, home.code}, today=today)[:2]
        backed.add(key)
        nomination = services.nomination_create(
            by=by, phase=phase, award_type=award, nominee=nominee, nominee_unit=nominee_unit,
            achievements=text, ideas=ideas,
        )  # fmt: skip
        for action in path:
            decider = by if action == "submit" or award.decided_by_unit_head else committee
            kwargs = {"comment": COMMENTS.get(action, "")}
            if action == "confer":
                number, days_ago = decision
                # Historical decisions: the submission is moved back before the decision date.
                Nomination.objects.filter(pk=nomination.pk).update(
                    submitted_at=Nomination.objects.get(pk=nomination.pk).submitted_at
                    - datetime.timedelta(days=days_ago + 15)
                )
                title, signer = (
                    selectors.signer_suggestion(nomination, by) if award.decided_by_unit_head else CITY_SIGNER
                )
                kwargs |= {
                    "decision_number": number,
                    "decision_date": today - datetime.timedelta(days=days_ago),
                    "decision_authority": title,
                    "decision_signer": signer,
                }
            services.nomination_transition(
                nomination_id=nomination.pk, by=decider, action=action, today=today, **kwargs
            )
        created += 1
    log(f"nominations: {Nomination.objects.count()} ({created} new); staff.binhtan has none")
