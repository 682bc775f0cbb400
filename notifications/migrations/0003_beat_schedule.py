"""The beat schedule as data (django-celery-beat), so the committee sees and can change it in the
admin: the daily reminders at 07:30 Asia/Ho_Chi_Minh, and the outbox sweep every 10 minutes."""

from django.db import migrations

DAILY = "Nhắc việc và thư tổng hợp hằng ngày (07:30)"
SWEEP = "Gửi lại thông báo còn tồn (10 phút một lần)"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Ho_Chi_Minh",
    )
    every_10, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=DAILY,
        defaults={
            "task": "notifications.tasks.send_daily_reminders",
            "crontab": crontab,
            "description": "Mỗi ngày lúc 07:30 (giờ Việt Nam): nhắc hạn và gửi một thư tổng hợp cho mỗi người.",
        },
    )
    PeriodicTask.objects.get_or_create(
        name=SWEEP,
        defaults={
            "task": "notifications.tasks.sweep_notifications",
            "interval": every_10,
            "description": "Mỗi 10 phút: chuyển các thông báo chưa được xử lý khi hàng đợi gián đoạn, "
            "gửi lại thư tổng hợp bị lỗi.",
        },
    )
    # Tell running beat processes that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[DAILY, SWEEP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_outbox_digest_reminderlog"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
