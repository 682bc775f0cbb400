"""Demo deadlines of ideas for `manage.py seed_demo`, relative to today so reminders have work to do
(the nominations' dates are their rounds', awards/demo.py)."""

import datetime

from .models import Deadline, Phase


def seed(*, today, log):
    phase = Phase.for_date(today) or Phase.objects.order_by("-start").first()
    wanted = [
        (Deadline.Kind.IDEA_SUBMISSION, 7, "Hạn gửi ý tưởng, giải pháp đợt 1"),
        (Deadline.Kind.IDEA_REVIEW, 20, "Hạn thủ trưởng đơn vị xem xét ý tưởng đợt 1"),
    ]
    for kind, days, title in wanted:
        Deadline.objects.get_or_create(
            phase=phase,
            kind=kind,
            unit=None,
            title=title,
            defaults={"due_date": today + datetime.timedelta(days=days)},
        )
    log(f"deadlines: {Deadline.objects.count()}")
