"""Demo proposals for `manage.py seed_demo`, made through the services with dated steps: one raised
from an approved idea of phường Bình Tân and accepted by the city for a pilot, one waiting past its
time limit for Sở Nội vụ's opinion, one draft. Idempotent: a proposal that exists (by title) is
skipped. The one waiting for the opinion, written by the ward's chairman, is also registered as an
innovation proposal under Decree 73/2023/NĐ-CP, with the Party committee's opinion and the written
approval recorded."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User
from ideas.models import Idea
from ideas.workflow import Status as IdeaStatus

from . import services
from .models import Proposal

CONTENT = {
    "blocker_kind": "unfit_regulation",
    "legal_reference": "Nghị định 80/2021/NĐ-CP, Điều 12",
    "blocker": "Thủ tục hỗ trợ doanh nghiệp khởi nghiệp phải qua nhiều cấp, hồ sơ nộp bản giấy tại Sở.",
    "solution": "Giao UBND phường tiếp nhận và thẩm định hồ sơ hỗ trợ, kết nối trực tuyến với Sở.",
    "scope": "Thí điểm tại phường Bình Tân trong 6 tháng, cho doanh nghiệp khởi nghiệp trên địa bàn.",
    "resources": "Tổ công tác 5 người của phường; kinh phí từ nguồn cải cách hành chính năm 2026.",
    "risks": "Cán bộ phường chưa quen nghiệp vụ thẩm định; cần tập huấn và phối hợp với Sở.",
    "expected_effect": "Thời gian giải quyết hồ sơ giảm từ 20 ngày còn 7 ngày làm việc.",
}


PLAN = {
    "necessity": (
        "Trường học thiếu nhân viên y tế sau sắp xếp đơn vị hành chính; "
        "quy định hiện hành chưa cho phường chủ động."
    ),
    "content": (
        "Phường quyết định số lượng viên chức y tế trường học trong tổng biên chế được giao, "
        "không chờ phân bổ từ Sở."
    ),
    "scope": "Các trường mầm non và tiểu học công lập trên địa bàn phường Bình Tân.",
    "implementer": "Chủ tịch UBND phường Bình Tân",
    "duration": "12 tháng kể từ ngày được phê duyệt",
    "resources": "Biên chế sự nghiệp được giao năm 2026; không tăng tổng biên chế.",
    "feasibility": (
        "Phường đã có danh sách nhu cầu của từng trường và nguồn ứng viên từ trung tâm y tế khu vực."
    ),
    "impacts": (
        "Học sinh được chăm sóc y tế tại trường; nguy cơ vượt định mức được kiểm soát bằng báo cáo quý."
    ),
    "expected_effect": "Mỗi trường trên địa bàn có ít nhất một nhân viên y tế trong năm học 2026–2027.",
}


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed(*, today, log):
    usernames = ["head.binhtan", "head.noivu", "committee"]
    people = {u.username: u for u in User.objects.filter(username__in=usernames)}
    snv = Unit.objects.filter(code="SNV").first()
    if len(people) != len(usernames) or snv is None:
        log("skipped: the demo accounts or units are missing")
        return
    head, committee, noivu = people["head.binhtan"], people["committee"], people["head.noivu"]
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    created = 0

    title = "Giao UBND phường thẩm định hồ sơ hỗ trợ doanh nghiệp khởi nghiệp"
    if not Proposal.objects.filter(title=title).exists():
        idea = (
            Idea.objects.filter(unit__code__startswith="P-BINHTAN", status=IdeaStatus.APPROVED)
            .order_by("pk")
            .first()
        )
        proposal = services.proposal_create(by=head, idea=idea, title=title, now=_at(ago(40)), **CONTENT)
        steps = [
            ("submit", head, 38, {}),
            ("route", committee, 36, {"department": snv, "days": 10}),
            ("opine", noivu, 30, {"comment": "Sở Nội vụ thống nhất; đề nghị phường tập huấn cán bộ trước."}),
            ("conclude", committee, 25, {"conclusion": "city_pilot", "decision_number": "1234/UBND-VX"}),
        ]
        for action, by, days, extra in steps:
            if action == "conclude":
                extra = {**extra, "decision_date": ago(days)}
            services.proposal_transition(
                proposal=proposal, by=by, action=action, now=_at(ago(days)), today=ago(days), **extra
            )
        created += 1

    title = "Cho phép phường tuyển dụng viên chức y tế trường học theo nhu cầu thực tế"
    if not Proposal.objects.filter(title=title).exists():
        content = {
            **CONTENT,
            "blocker_kind": "no_regulation",
            "legal_reference": "",
            "blocker": (
                "Chưa có quy định về định mức viên chức y tế trường học sau sắp xếp đơn vị hành chính."
            ),
            "solution": (
                "Giao phường quyết định số lượng viên chức y tế trường học trong tổng biên chế được giao."
            ),
            "expected_effect": "Mỗi trường trên địa bàn có ít nhất một nhân viên y tế.",
            "scope": "Các trường mầm non và tiểu học công lập trên địa bàn phường Bình Tân.",
            "resources": "Biên chế sự nghiệp được giao năm 2026; không tăng tổng biên chế.",
            "risks": "Nguồn tuyển viên chức y tế hạn chế; cần cơ chế hợp đồng chuyển tiếp.",
        }
        proposal = services.proposal_create(by=head, title=title, now=_at(ago(25)), **content)
        services.proposal_transition(
            proposal=proposal, by=head, action="submit", now=_at(ago(24)), today=ago(24)
        )
        services.proposal_transition(
            proposal=proposal,
            by=committee,
            action="route",
            department=snv,
            days=5,
            now=_at(ago(21)),
            today=ago(21),
        )
        services.innovation_register(proposal=proposal, by=head, now=_at(ago(20)), **PLAN)
        for action, number, days, authority in [
            ("party_approval", "45-CV/ĐU", 15, "Đảng ủy phường Bình Tân"),
            ("approval", "112/QĐ-UBND", 10, "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ]:
            services.innovation_step(
                proposal=proposal,
                by=committee,
                action=action,
                document_number=number,
                document_date=ago(days),
                authority=authority,
                now=_at(ago(days)),
                today=ago(days),
            )
        created += 1

    title = "Một cửa liên thông cấp phép xây dựng và đấu nối hạ tầng"
    if not Proposal.objects.filter(title=title).exists():
        services.proposal_create(by=head, title=title, now=_at(ago(2)), **CONTENT)
        created += 1
    log(f"{created} created, {Proposal.objects.count()} in all")
