"""Notifications become a kind plus parameters, rendered in the reader's language when read.

Existing rows get their parameters back from their stored text, matched against the wording of
each kind as it stood when this migration was written (English and Vietnamese, frozen here); a row
that matches none keeps its stored text, which the portal shows for it. The dead "dispatched" step
goes (its field and index), and the beat job that swept it now only retries failed digests.
"""

import re

from django.db import migrations, models

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")

# kind → [(title, body or None)] per language; a body of None means the body is the free comment.
WORDING = {
    "idea_submitted": [
        ("New idea to review: %(title)s", "%(person)s submitted an idea of %(unit)s."),
        ("Ý tưởng mới chờ duyệt: %(title)s", "%(person)s đã gửi duyệt một ý tưởng của %(unit)s."),
    ],
    "idea_return": [
        ("Your idea was returned for revision: %(title)s", None),
        ("Ý tưởng của bạn được trả lại để bổ sung: %(title)s", None),
    ],
    "idea_approve": [
        ("Your idea was approved: %(title)s", None),
        ("Ý tưởng của bạn đã được phê duyệt: %(title)s", None),
    ],
    "idea_reject": [
        ("Your idea was not approved: %(title)s", None),
        ("Ý tưởng của bạn không được phê duyệt: %(title)s", None),
    ],
    "idea_recognise": [
        ("Your idea was recognised as effective: %(title)s", None),
        ("Ý tưởng của bạn được công nhận hiệu quả: %(title)s", None),
    ],
    "nomination_approve": [
        ("Nomination approved: %(name)s – %(award)s", None),
        ("Đề nghị khen thưởng đã được phê duyệt: %(name)s – %(award)s", None),
    ],
    "nomination_return": [
        ("Nomination returned for completion: %(name)s – %(award)s", None),
        ("Đề nghị khen thưởng được trả lại để bổ sung: %(name)s – %(award)s", None),
    ],
    "nomination_reject": [
        ("Nomination not approved: %(name)s – %(award)s", None),
        ("Đề nghị khen thưởng không được phê duyệt: %(name)s – %(award)s", None),
    ],
    "nomination_confer": [
        ("Award conferred: %(name)s – %(award)s", None),
        ("Đã có quyết định khen thưởng: %(name)s – %(award)s", None),
    ],
    "reminder.idea_submission": [
        ('Your idea "%(title)s" has not been submitted yet', "The idea submission deadline is %(date)s, in %(days)d day."),
        ('Your idea "%(title)s" has not been submitted yet', "The idea submission deadline is %(date)s, in %(days)d days."),
        ('Ý tưởng "%(title)s" của bạn chưa được gửi duyệt', "Thời hạn gửi ý tưởng là ngày %(date)s, còn %(days)d ngày."),
    ],
    "reminder.idea_review_overdue": [
        (
            'The idea "%(title)s" is waiting for your review',
            "Submitted on %(date)s: waiting for %(days)d working day (the limit is %(limit)d).",
        ),
        (
            'The idea "%(title)s" is waiting for your review',
            "Submitted on %(date)s: waiting for %(days)d working days (the limit is %(limit)d).",
        ),
        (
            'Ý tưởng "%(title)s" đang chờ bạn xem xét',
            "Gửi duyệt ngày %(date)s, đã chờ %(days)d ngày làm việc (thời hạn xem xét là %(limit)d ngày làm việc).",
        ),
    ],
    "reminder.idea_review_deadline": [
        ('The idea "%(title)s" is waiting for your review', "The idea review deadline is %(date)s, in %(days)d day."),
        ('The idea "%(title)s" is waiting for your review', "The idea review deadline is %(date)s, in %(days)d days."),
        ('Ý tưởng "%(title)s" đang chờ bạn xem xét', "Thời hạn xem xét ý tưởng là ngày %(date)s, còn %(days)d ngày."),
    ],
    "reminder.nomination_submission": [
        (
            "Award nominations of %(unit)s are due soon",
            "The nomination submission deadline is %(date)s, in %(days)d day.",
        ),
        (
            "Award nominations of %(unit)s are due soon",
            "The nomination submission deadline is %(date)s, in %(days)d days.",
        ),
        (
            "Sắp đến thời hạn gửi đề nghị khen thưởng của %(unit)s",
            "Thời hạn gửi hồ sơ đề nghị khen thưởng là ngày %(date)s, còn %(days)d ngày.",
        ),
    ],
    "reminder.nomination_review": [
        ("Nominations must be reviewed by %(date)s", "The nomination review deadline is %(date)s, in %(days)d day."),
        ("Nominations must be reviewed by %(date)s", "The nomination review deadline is %(date)s, in %(days)d days."),
        (
            "Hội đồng Thi đua – Khen thưởng cần xét duyệt đề nghị khen thưởng trước ngày %(date)s",
            "Thời hạn xét duyệt đề nghị khen thưởng là ngày %(date)s, còn %(days)d ngày.",
        ),
    ],
}


def _pattern(wording):
    """A format string as a full-match regex with a named group per placeholder."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(wording):
        parts.append(re.escape(wording[last : match.start()]))
        name, conversion = match.groups()
        parts.append(rf"(?P<{name}>\d+)" if conversion == "d" else rf"(?P<{name}>.*)")
        last = match.end()
    parts.append(re.escape(wording[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _params(kind, title, body):
    for title_wording, body_wording in WORDING.get(kind, ()):
        title_match = _pattern(title_wording).fullmatch(title)
        body_match = _pattern(body_wording).fullmatch(body) if body_wording else None
        if title_match is None or (body_wording and body_match is None):
            continue
        params = dict(title_match.groupdict())
        if body_match is None:
            params["comment"] = body
        else:
            params.update(body_match.groupdict())
        return {key: int(value) if key in {"days", "limit"} else value for key, value in params.items()}
    return {}


def parameters_from_text(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.filter(kind__in=list(WORDING)).only("pk", "kind", "title", "body")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        row.params = _params(row.kind, row.title, row.body)
        if row.params:
            changed.append(row)
        if len(changed) >= 1000:
            Notification.objects.bulk_update(changed, ["params"])
            changed = []
    Notification.objects.bulk_update(changed, ["params"])


OLD_SWEEP = "notifications.tasks.sweep_notifications"
NEW_RETRY = "notifications.tasks.retry_digests"


RETRY_NAME = "Gửi lại thư tổng hợp bị lỗi (10 phút một lần)"


def retry_digests_only(apps, schema_editor):
    """Idempotent: run again after the schedule was created anew, it leaves one retry job."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    old = PeriodicTask.objects.filter(task=OLD_SWEEP)
    if PeriodicTask.objects.filter(name=RETRY_NAME).exists():
        old.delete()
        return
    old.update(
        task=NEW_RETRY,
        name=RETRY_NAME,
        description="Mỗi 10 phút: gửi lại các thư tổng hợp mà máy chủ thư chưa nhận, giãn dần thời gian chờ.",
    )


def sweep_again(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=NEW_RETRY).update(
        task=OLD_SWEEP, name="Gửi lại thông báo còn tồn (10 phút một lần)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_daily_run"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.RunPython(parameters_from_text, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="notification", name="notification_undispatched"),
        migrations.RemoveField(model_name="notification", name="dispatched_at"),
        migrations.RunPython(retry_digests_only, sweep_again),
    ]
