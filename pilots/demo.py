"""Demo pilots for `manage.py seed_demo`, through the services with dated steps: phường Bình Tân's
pilot of the proposal the city accepted (two indicators, a correction request answered, another
overdue, an overdue milestone), and a pilot stopped as not effective with its no-blame record.
Idempotent: a pilot that exists (by title) is skipped."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Unit, User
from ideas.models import Idea
from ideas.workflow import Status as IdeaStatus
from proposals.models import Proposal

from . import services
from .models import Pilot


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed(*, today, log):
    usernames = ["head.binhtan", "staff.binhtan", "staff2.binhtan"]
    people = {u.username: u for u in User.objects.filter(username__in=usernames)}
    ward = Unit.objects.filter(code="P-BINHTAN").first()
    if len(people) != len(usernames) or ward is None:
        log("skipped: the demo accounts or units are missing")
        return
    head, staff, staff2 = people["head.binhtan"], people["staff.binhtan"], people["staff2.binhtan"]
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    created = 0

    title = "Phường thẩm định hồ sơ hỗ trợ doanh nghiệp khởi nghiệp"
    proposal = Proposal.objects.filter(unit=ward, conclusion="city_pilot").order_by("pk").first()
    if not Pilot.objects.filter(title=title).exists() and proposal is not None:
        start = ago(20)
        pilot = services.pilot_register(
            by=head,
            unit=ward,
            title=title,
            proposal=proposal,
            owner=staff2,
            members=[staff],
            today=start,
            now=_at(start),
            goals=(
                "Rút ngắn thời gian giải quyết hồ sơ hỗ trợ còn 7 ngày làm việc; 100% hồ sơ nộp trực tuyến."
            ),
        )
        services.pilot_add_milestone(
            pilot=pilot,
            by=head,
            title="Tập huấn cán bộ tiếp nhận",
            due_date=ago(12),
            today=start,
            now=_at(start),
        )
        services.pilot_add_milestone(
            pilot=pilot,
            by=head,
            title="Kết nối phần mềm với Sở",
            due_date=ago(3),
            today=start,
            now=_at(start),
        )
        services.pilot_add_milestone(
            pilot=pilot,
            by=head,
            title="Báo cáo sơ kết 3 tháng",
            due_date=today + datetime.timedelta(days=60),
            today=start,
            now=_at(start),
        )
        for name, target, unit in [
            ("Thời gian giải quyết hồ sơ", "7", "ngày làm việc"),
            ("Hồ sơ nộp trực tuyến", "100", "%"),
        ]:
            services.pilot_add_indicator(
                pilot=pilot,
                by=head,
                name=name,
                target_value=Decimal(target),
                measure_unit=unit,
                due_date=today + datetime.timedelta(days=90),
                today=start,
                now=_at(start),
            )
        first = pilot.milestones.order_by("due_date").first()
        services.pilot_reach_milestone(
            pilot=pilot, by=staff2, milestone=first, today=ago(12), now=_at(ago(12))
        )
        services.pilot_check_in(
            pilot=pilot,
            by=head,
            milestone=first,
            now=_at(ago(11)),
            on_track=False,
            note="Hồ sơ còn nộp bản giấy song song, chưa giảm thời gian như kế hoạch.",
        )
        correction = services.pilot_request_correction(
            pilot=pilot,
            by=head,
            problem="Hồ sơ còn yêu cầu bản giấy song song với bản điện tử.",
            change="Bỏ yêu cầu bản giấy; chỉ tiếp nhận trực tuyến và ký số.",
            days=3,
            today=ago(10),
            now=_at(ago(10)),
        )
        services.pilot_answer_correction(
            pilot=pilot,
            by=staff2,
            correction=correction,
            answer="Đã bỏ bản giấy từ ngày 15; ký số toàn bộ.",
            now=_at(ago(8)),
        )
        services.pilot_request_correction(
            pilot=pilot,
            by=head,
            problem="Chưa công khai quy trình mới tại bộ phận một cửa.",
            change="Niêm yết quy trình và đăng trên cổng thông tin phường.",
            days=2,
            today=ago(7),
            now=_at(ago(7)),
        )
        created += 1

    title = "Tiếp nhận phản ánh qua tổng đài tự động ngoài giờ"
    if not Pilot.objects.filter(title=title).exists():
        idea = Idea.objects.filter(unit__code__startswith="P-BINHTAN", status=IdeaStatus.IMPLEMENTING).first()
        pilot = services.pilot_register(
            by=head,
            unit=ward,
            title=title,
            idea=idea,
            owner=staff,
            today=ago(60),
            now=_at(ago(60)),
            goals="Người dân phản ánh được ngoài giờ; 80% phản ánh được phân loại tự động.",
        )
        services.pilot_add_indicator(
            pilot=pilot,
            by=head,
            name="Phản ánh phân loại tự động đúng",
            target_value=Decimal("80"),
            measure_unit="%",
            due_date=ago(20),
            today=ago(60),
            now=_at(ago(60)),
        )
        services.pilot_measure(
            pilot=pilot,
            by=staff,
            indicator=pilot.indicators.get(),
            value=Decimal("35"),
            today=ago(15),
            now=_at(ago(15)),
        )
        services.pilot_transition(
            pilot=pilot,
            by=head,
            action="stop",
            now=_at(ago(14)),
            within_plan=True,
            comment="Phần mềm phân loại chưa đủ dữ liệu tiếng địa phương; dừng để chờ dữ liệu huấn luyện.",
        )
        created += 1
    log(f"{created} created, {Pilot.objects.count()} in all")
