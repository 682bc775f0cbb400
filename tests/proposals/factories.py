"""Proposals in any state, for tests (rows only; the services are tested on their own)."""

import datetime

from django.utils import timezone

from proposals.models import Proposal
from proposals.workflow import Status

CONTENT = {
    "blocker_kind": "unfit_regulation",
    "legal_reference": "Nghị định 80/2021/NĐ-CP, Điều 12",
    "blocker": "Thủ tục qua nhiều cấp.",
    "solution": "Giao phường thẩm định.",
    "scope": "Một phường, 6 tháng.",
    "resources": "Tổ công tác 5 người.",
    "risks": "Cán bộ chưa quen nghiệp vụ.",
    "expected_effect": "Giảm thời gian còn 7 ngày.",
}


def proposal_in(status, *, unit, by, department=None, title="Đề xuất thử nghiệm", **fields):
    extra = {}
    if status != Status.DRAFT:
        extra["submitted_at"] = timezone.now() - datetime.timedelta(days=5)
    if status in (Status.ROUTED, Status.ANSWERED, Status.CONCLUDED):
        extra.update(department=department or unit, opinion_days=5, opinion_due=timezone.localdate())
    if status in (Status.ANSWERED, Status.CONCLUDED):
        extra.update(opinion="Đồng ý.", opinion_at=timezone.now())
    if status == Status.CONCLUDED:
        extra.update(
            conclusion="city_pilot", conclusion_number="1/UBND", conclusion_date=timezone.localdate()
        )
    return Proposal.objects.create(
        status=status, unit=unit, author=by, title=title, **{**CONTENT, **extra, **fields}
    )
