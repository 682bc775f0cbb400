"""Vietnamese public holidays 2025-2027 (Labour Code 2019 art. 112 and the Prime Minister's
yearly notices for civil servants), weekdays off only: weekends never count as working days.

Kept as data: the committee corrects or adds years in the admin when the yearly notice is out.
2027's Tết and compensatory days follow the usual pattern and should be checked against that notice.
"""

import datetime

from django.db import migrations

D = datetime.date
HOLIDAYS = [
    # 2025
    (D(2025, 1, 1), "Tết Dương lịch"),
    (D(2025, 1, 27), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 1, 28), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 1, 29), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 1, 30), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 1, 31), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4 - 1/5"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    # 2026
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 2, 16), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 2, 17), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 2, 18), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 2, 19), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 2, 20), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật 26/4)"),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
    # 2027
    (D(2027, 1, 1), "Tết Dương lịch"),
    (D(2027, 2, 5), "Tết Nguyên đán Đinh Mùi"),
    (D(2027, 2, 8), "Tết Nguyên đán Đinh Mùi"),
    (D(2027, 2, 9), "Tết Nguyên đán Đinh Mùi"),
    (D(2027, 2, 10), "Nghỉ bù Tết Nguyên đán Đinh Mùi"),
    (D(2027, 2, 11), "Nghỉ bù Tết Nguyên đán Đinh Mùi"),
    (D(2027, 4, 15), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2027, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (Thứ Bảy 1/5)"),
    (D(2027, 9, 2), "Quốc khánh"),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề)"),
]


def create_holidays(apps, schema_editor):
    PublicHoliday = apps.get_model("movement", "PublicHoliday")
    for day, name in HOLIDAYS:
        PublicHoliday.objects.get_or_create(date=day, defaults={"name": name})


def remove_holidays(apps, schema_editor):
    apps.get_model("movement", "PublicHoliday").objects.filter(date__in=[d for d, _ in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("movement", "0002_phases")]

    operations = [migrations.RunPython(create_holidays, remove_holidays)]
