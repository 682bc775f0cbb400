"""Demo practices for `manage.py seed_demo`, through the services: two recognised ideas published in
the library (written by their authors, approved by them and by their head), and phường Tân Định's
adoption of the first. Idempotent."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Unit, User
from ideas.models import Idea

from . import services
from .models import Adoption, Practice
from .permissions import head_of

# idea title, summary
PRACTICES = [
    (
        "Một cửa liên thông cấp quận về đất đai và xây dựng",
        "Bình Tân gom việc tiếp nhận hồ sơ đất đai và xây dựng của các phòng chuyên môn về một bộ phận "
        "một cửa liên thông, với một lịch hẹn trả kết quả chung. Sau một năm, thời gian giải quyết hồ sơ "
        "đất đai giảm một nửa và người dân chỉ phải đến một nơi.",
    ),
    (
        "Phân cấp quản lý biên chế cho UBND phường sau sắp xếp",
        "Sở Nội vụ phân cấp cho UBND phường quyết định bố trí biên chế trong tổng số được giao, Sở chỉ "
        "hậu kiểm. Thời gian phê duyệt biên chế giảm từ 30 xuống 10 ngày.",
    ),
]
ADOPTION = (
    "Một cửa liên thông cấp quận về đất đai và xây dựng",
    "P-TANDINH",
    "Phường áp dụng bộ phận một cửa liên thông cho hồ sơ đất đai từ tháng trước; thời gian trả kết "
    "quả giảm từ 15 xuống 8 ngày làm việc.",
)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(*, today, log):
    published = 0
    for title, summary in PRACTICES:
        idea = Idea.objects.filter(title=title).first()
        if idea is None or Practice.objects.filter(idea=idea).exists() or not idea.recognitions.exists():
            continue
        practice = services.practice_write(
            by=idea.author,
            source=idea,
            title=title,
            summary=summary,
            now=_at(today - datetime.timedelta(days=40)),
        )
        services.practice_approve(
            practice=practice, by=idea.author, now=_at(today - datetime.timedelta(days=39))
        )
        head = User.objects.filter(pk__in=head_of(practice).people).order_by("pk").first()
        if head is not None:
            services.practice_approve(
                practice=practice, by=head, now=_at(today - datetime.timedelta(days=38))
            )
            published += 1
    title, unit_code, results = ADOPTION
    practice = Practice.objects.filter(idea__title=title, published_at__isnull=False).first()
    unit = Unit.objects.filter(code=unit_code).select_related("head").first()
    if practice and unit and unit.head and not Adoption.objects.filter(practice=practice, unit=unit).exists():
        day = today - datetime.timedelta(days=30)
        services.adoption_record(
            practice=practice,
            by=unit.head,
            unit=unit,
            adopted_on=day,
            results=results,
            measured_value=Decimal("8"),
            measure_unit="ngày làm việc",
            today=today,
            now=_at(day),
        )
    log(f"practices: {published} published, {Practice.objects.count()} in all")
