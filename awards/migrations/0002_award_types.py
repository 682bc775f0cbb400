from django.db import migrations

# code, name, conferring authority, rank (1 = highest), for, criteria
AWARD_TYPES = [
    (
        "labor_order_3",
        "Huân chương Lao động hạng Ba",
        "Chủ tịch nước",
        1,
        "both",
        "Cá nhân đã được tặng Bằng khen của Thủ tướng Chính phủ, sau đó có 5 năm trở lên liên tục "
        "hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 2 sáng kiến được công nhận và áp dụng "
        "hiệu quả trong phạm vi cấp bộ, ban, ngành, tỉnh; tập thể có thành tích xuất sắc tương ứng.",
    ),
    (
        "pm_certificate",
        "Bằng khen của Thủ tướng Chính phủ",
        "Thủ tướng Chính phủ",
        2,
        "both",
        "Có thành tích xuất sắc được bình xét trong phong trào thi đua, hoặc đã được tặng Bằng khen "
        "cấp bộ, ban, ngành, tỉnh và có sáng kiến được công nhận, áp dụng hiệu quả trong phạm vi cấp "
        "bộ, ban, ngành, tỉnh.",
    ),
    (
        "city_certificate",
        "Bằng khen của Chủ tịch UBND TP.HCM",
        "Chủ tịch UBND TP",
        3,
        "both",
        "Có thành tích tiêu biểu xuất sắc trong phong trào thi đua “Cán bộ, công chức, viên chức thi "
        "đua năng động, sáng tạo, dám nghĩ, dám làm”, có ý tưởng, giải pháp được công nhận hiệu quả "
        "cấp Thành phố.",
    ),
    (
        "unit_certificate",
        "Giấy khen của Thủ trưởng cơ quan, đơn vị, địa phương",
        "Thủ trưởng đơn vị",
        4,
        "both",
        "Có ý tưởng, giải pháp được công nhận hiệu quả cấp đơn vị; hoàn thành tốt nhiệm vụ được giao.",
    ),
]


def create_award_types(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for code, name, authority, rank, eligibility, criteria in AWARD_TYPES:
        AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "authority": authority,
                "rank": rank,
                "eligibility": eligibility,
                "criteria": criteria,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(create_award_types, migrations.RunPython.noop)]
