"""Demo ideas for `manage.py seed_demo`: every status, several units, some from the 2023-2025 phase
attached to the former district (UBND Quận Bình Tân). Created through the services, with dated
events, so the timelines read as real ones. Idempotent: an idea that exists (by title) is skipped."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User
from discussions.models import Comment
from discussions.services import comment_post

from . import services
from .models import Idea

D = datetime.date


def _at(day: datetime.date, hour=9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# title, author, co-authors, topic, scope, first day (None = relative to today), steps
# A step: (action, actor, comment, extra). "progress" adds a progress report.
def _ideas(today):
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    return [
        (
            "Số hoá hồ sơ hộ tịch lưu trữ tại phường Bình Tân",
            "staff.binhtan",
            [],
            "digital",
            "unit",
            ago(3),
            [],
        ),
        (
            "Tiếp nhận hồ sơ đất đai trực tuyến, trả kết quả tại nhà",
            "staff.binhtan",
            ["staff2.binhtan"],
            "land_projects",
            "unit",
            ago(9),
            [("submit", "staff.binhtan", "", {})],
        ),
        (
            "Rút ngắn thời gian cấp phép xây dựng nhà ở riêng lẻ còn 7 ngày",
            "staff2.binhtan",
            [],
            "admin_reform",
            "unit",
            ago(20),
            [
                ("submit", "staff2.binhtan", "", {}),
                (
                    "return",
                    "head.binhtan",
                    "Đề nghị bổ sung số liệu hồ sơ cấp phép năm 2025 và quy trình phối hợp.",
                    {},
                ),
            ],
        ),
        (
            "Tổ công tác đồng hành cùng doanh nghiệp khởi nghiệp trên địa bàn phường",
            "staff2.binhtan",
            [],
            "business_support",
            "unit",
            ago(30),
            [
                ("submit", "staff2.binhtan", "", {}),
                ("approve", "head.binhtan", "Đồng ý, giao Văn phòng chủ trì.", {}),
            ],
        ),
        (
            "Bản đồ số điểm ngập và công trình đang thi công",
            "staff.binhtan",
            ["staff2.binhtan"],
            "digital",
            "city",
            ago(60),
            [
                ("submit", "staff.binhtan", "", {}),
                ("approve", "head.binhtan", "", {}),
                ("start", "head.binhtan", "", {}),
                ("progress", "staff.binhtan", "Đã số hoá 40 điểm ngập, đang kết nối dữ liệu công trình.", {}),
            ],
        ),
        (
            "Trợ lý ảo giải đáp thủ tục hành chính cho người dân",
            "staff2.binhtan",
            [],
            "admin_reform",
            "city",
            ago(90),
            [
                ("submit", "staff2.binhtan", "", {}),
                ("approve", "head.binhtan", "", {}),
                ("start", "head.binhtan", "", {}),
                ("progress", "staff2.binhtan", "Trợ lý ảo trả lời 1.200 câu hỏi trong tháng đầu.", {}),
                ("complete", "head.binhtan", "Giảm 35% lượt hỏi trực tiếp tại bộ phận một cửa.", {}),
            ],
        ),
        (
            "Phiếu đánh giá mức độ hài lòng bằng giấy tại mọi quầy",
            "staff2.binhtan",
            [],
            "other",
            "unit",
            ago(40),
            [
                ("submit", "staff2.binhtan", "", {}),
                ("reject", "head.binhtan", "Trùng với hệ thống đánh giá điện tử của Thành phố.", {}),
            ],
        ),
        (
            "Tiếp công dân ngoài giờ hành chính vào sáng thứ Bảy",
            "staff.binhtan",
            [],
            "admin_reform",
            "unit",
            ago(15),
            [
                ("submit", "staff.binhtan", "", {}),
                ("withdraw", "staff.binhtan", "Sẽ gộp vào ý tưởng khác.", {}),
            ],
        ),
        (
            "Số hoá hồ sơ cán bộ, công chức toàn Thành phố",
            "staff.noivu",
            [],
            "digital",
            "city",
            ago(4),
            [("submit", "staff.noivu", "", {})],
        ),
        (
            "Thi tuyển chức danh lãnh đạo cấp phòng bằng hình thức trực tuyến",
            "staff.noivu",
            [],
            "admin_reform",
            "city",
            ago(80),
            [
                ("submit", "staff.noivu", "", {}),
                ("approve", "head.noivu", "", {}),
                ("start", "head.noivu", "", {}),
                ("progress", "staff.noivu", "Đã tổ chức thí điểm tại 2 sở.", {}),
            ],
        ),
        (
            "Phân cấp quản lý biên chế cho UBND phường sau sắp xếp",
            "staff.noivu",
            [],
            "decentralisation",
            "policy",
            ago(120),
            [
                ("submit", "staff.noivu", "", {}),
                ("approve", "head.noivu", "", {}),
                ("start", "head.noivu", "", {}),
                ("complete", "head.noivu", "Rút ngắn thời gian phê duyệt biên chế từ 30 xuống 10 ngày.", {}),
                ("recognise", "head.noivu", "", {"level": "unit", "decision_number": "45/QĐ-SNV"}),
            ],
        ),
    ]


# Ideas of the 2023-2025 phase, written by staff2.binhtan while working at the former district.
HISTORY = [
    (
        "Một cửa liên thông cấp quận về đất đai và xây dựng",
        "land_projects",
        D(2024, 4, 10),
        [
            ("submit", "staff2.binhtan", "", {}),
            ("approve", "head.binhtan", "", {}),
            ("start", "head.binhtan", "", {}),
            ("progress", "staff2.binhtan", "Đã áp dụng tại 10 phường của quận.", {}),
            ("complete", "head.binhtan", "Giảm một nửa thời gian giải quyết hồ sơ đất đai.", {}),
            ("recognise", "committee", "", {"level": "city", "decision_number": "1234/QĐ-UBND"}),
        ],
    ),
    (
        "Sổ tay điện tử nghiệp vụ cho cán bộ phường",
        "digital",
        D(2024, 9, 5),
        [
            ("submit", "staff2.binhtan", "", {}),
            ("approve", "head.binhtan", "", {}),
            ("start", "head.binhtan", "", {}),
            ("complete", "head.binhtan", "300 cán bộ sử dụng thường xuyên.", {}),
        ],
    ),
]


def play(idea, steps, first_day, people):
    """Takes an idea through the services, a step every two days from `first_day` (dated events)."""
    day = first_day
    for action, actor, comment, extra in steps:
        day = day + datetime.timedelta(days=2)
        now = _at(day)
        if action == "progress":
            services.idea_report_progress(idea=idea, by=people[actor], comment=comment, now=now)
            continue
        if action == "recognise":
            extra = {**extra, "decision_date": day}
        services.idea_transition(
            idea=idea, by=people[actor], action=action, comment=comment, now=now, today=day, **extra
        )


def create_idea(title, author, co_authors, topic, scope, day, people):
    """A draft through the idea service, dated `day`."""
    idea, _created = services.idea_create(
        by=people[author],
        title=title,
        summary=f"Đề xuất: {title.lower()}.",
        problem="Quy trình hiện nay còn nhiều bước giấy tờ, người dân phải đi lại nhiều lần.",
        problem_source="procedure",
        solution="Ứng dụng công nghệ số và sắp xếp lại quy trình phối hợp giữa các bộ phận.",
        expected_benefit="Rút ngắn thời gian giải quyết, giảm chi phí cho người dân và doanh nghiệp.",
        topic=topic,
        scope=scope,
        co_authors=[people[c] for c in co_authors],
        now=_at(day, 8),
    )
    return idea


def seed(*, today, log):
    usernames = ["staff.binhtan", "staff2.binhtan", "head.binhtan", "staff.noivu", "head.noivu", "committee"]
    people = {u.username: u for u in User.objects.filter(username__in=usernames)}
    if len(people) != len(usernames):
        log("skipped: the demo accounts are missing")
        return
    created = 0
    for title, author, co_authors, topic, scope, day, steps in _ideas(today):
        if Idea.objects.filter(title=title).exists():
            continue
        idea = create_idea(title, author, co_authors, topic, scope, day, people)
        play(idea, steps, day, people)
        created += 1

    former = Unit.objects.filter(code="Q-BINHTAN-NV").first()
    writer = people["staff2.binhtan"]
    if former is not None:
        current_unit = writer.unit_id
        for title, topic, day, steps in HISTORY:
            if Idea.objects.filter(title=title).exists():
                continue
            # The person worked at the district's office before the 2025 reorganisation; their
            # ideas of that time stay attached to the district (the unit is fixed at submission).
            writer.unit = former
            writer.save(update_fields=["unit"])
            idea = create_idea(title, "staff2.binhtan", [], topic, "unit", day, people)
            play(idea, steps, day, people)
            created += 1
        writer.unit_id = current_unit
        writer.save(update_fields=["unit"])
    _discussion(people)
    log(f"ideas: {created} created, {Idea.objects.count()} in all")


DISCUSSION = (
    ("Tiếp nhận hồ sơ đất đai trực tuyến, trả kết quả tại nhà", [
        ("head.binhtan", "thread", "Dự kiến bao nhiêu hồ sơ mỗi tháng được trả tại nhà?"),
        ("staff.binhtan", "thread", "Khoảng 120 hồ sơ mỗi tháng, theo số liệu của bộ phận một cửa năm 2025."),
        ("head.binhtan", "internal", "Hỏi Văn phòng đăng ký đất đai về chi phí chuyển phát trước khi duyệt."),
    ]),
)  # fmt: skip


def _discussion(people):
    """A short exchange on a submitted idea, through the discussion service (once)."""
    for title, comments in DISCUSSION:
        idea = Idea.objects.filter(title=title).first()
        if idea is None or Comment.objects.filter(object_id=idea.pk, content_type__model="idea").exists():
            continue
        for author, audience, body in comments:
            comment_post(target=idea, by=people[author], body=body, audience=audience)
