"""The eligibility rule sets: the law before and after 1 July 2025, and the movement's own criteria.

Self-contained data (no import of the app's code). Idempotent: an existing set or rule is left as it
is, so that the committee's edits survive.
"""

import datetime

from django.db import migrations

I, C = "individual", "collective"
MERIT, THEMATIC, SUDDEN, CONTRIBUTION = "merit", "thematic", "sudden", "contribution"
BLOCK, WARNING = "block", "warning"

LUAT = "Luật TĐKT 2022"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"
TO_CONFIRM = " (cần xác nhận)"

NOTE_73 = (
    "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh (khen thưởng theo công trạng), 05 năm tiếp theo trở "
    "lên liên tục được đánh giá hoàn thành tốt nhiệm vụ trở lên, trong thời gian đó có 03 lần được tặng "
    "danh hiệu “Chiến sĩ thi đua cơ sở”."
)
NOTE_44 = (
    "Đã được tặng Bằng khen của Thủ tướng Chính phủ (khen thưởng theo công trạng), 05 năm tiếp theo trở lên "
    "liên tục hoàn thành tốt nhiệm vụ trở lên, trong đó có ít nhất 01 năm hoàn thành xuất sắc nhiệm vụ, và "
    "03 lần được tặng danh hiệu “Chiến sĩ thi đua cơ sở”."
)
NOTE_74_D = (
    "02 lần liên tục được tặng danh hiệu “Chiến sĩ thi đua cơ sở”; hoặc 02 năm liên tục trở lên hoàn thành "
    "xuất sắc nhiệm vụ và có 02 sáng kiến được công nhận, áp dụng hiệu quả ở cấp cơ sở."
)
NOTE_74_C = (
    "Tập thể 02 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc được tặng danh hiệu “Tập thể lao động xuất "
    "sắc”, nội bộ đoàn kết, thực hiện tốt quy chế dân chủ."
)
NOTE_75 = (
    "Gương mẫu chấp hành chủ trương, chính sách, pháp luật; hoàn thành tốt nhiệm vụ trở lên và có thành "
    "tích trong phong trào thi đua hoặc thành tích đột xuất (Ủy ban nhân dân Thành phố quy định chi tiết)."
)
NOTE_4_3 = (
    "Khen thưởng phong trào thi đua theo chuyên đề và khen thưởng đột xuất không làm căn cứ đề nghị "
    "khen thưởng cấp cao hơn theo công trạng."
)
NOTE_4_4 = (
    "Chưa xét khen thưởng khi đang bị kỷ luật, đang bị điều tra, xem xét kỷ luật hoặc có khiếu nại, "
    "tố cáo chưa được giải quyết; thành tích chỉ được tính sau khi hết thời hạn kỷ luật."
)

SETS = {
    "luat-2022-nd-98-2023": {
        "name": "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP",
        "legal_basis": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực từ 01/01/2024); Nghị định số "
            "98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng."
        ),
        "jurisdiction": "national",
        "effective_from": datetime.date(2024, 1, 1),
        "effective_to": datetime.date(2025, 6, 30),
        "is_movement": False,
        "confirmed": False,
        "notes": (
            "Áp dụng cho tờ trình đề nghị khen thưởng ký đến hết ngày 30/6/2025. Các điều khoản của "
            "Nghị định 98/2023 được ghi “cần xác nhận” cho đến khi cán bộ pháp chế đối chiếu văn bản gốc."
        ),
    },
    "luat-2022-nd-152-2025": {
        "name": "Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP và Thông tư 15/2025/TT-BNV",
        "legal_basis": (
            "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 (hiệu "
            "lực từ 01/7/2025, thay thế Nghị định 98/2023/NĐ-CP và Nghị định 28/2024/NĐ-CP); Thông tư số "
            "15/2025/TT-BNV ngày 04/8/2025 của Bộ Nội vụ."
        ),
        "jurisdiction": "national",
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
        "is_movement": False,
        "confirmed": False,
        "notes": (
            "Áp dụng cho tờ trình đề nghị khen thưởng ký từ ngày 01/7/2025. Không yêu cầu phải có hình "
            "thức khen thưởng thấp hơn trước (Nghị định 152/2025, Điều 4 khoản 1)."
        ),
    },
    "phong-trao-dam-nghi-dam-lam": {
        "name": "Tiêu chí riêng của phong trào “Dám nghĩ, dám làm”",
        "legal_basis": (
            "Kế hoạch phát động phong trào thi đua “Cán bộ, công chức, viên chức thi đua năng động, sáng "
            "tạo, dám nghĩ, dám làm vì lợi ích chung, vì sự phát triển của TP.HCM” giai đoạn 2023-2025 và "
            "2026-2030."
        ),
        "jurisdiction": "city",
        "effective_from": datetime.date(2023, 1, 1),
        "effective_to": None,
        "is_movement": True,
        "confirmed": False,
        "notes": (
            "Hội đồng Thi đua – Khen thưởng Thành phố chỉnh sửa các tiêu chí này trong trang quản trị. "
            "Khen thưởng của phong trào là khen thưởng phong trào thi đua theo chuyên đề."
        ),
    },
}


def rule(code, award, category, subject, predicate, params, article, *, severity=BLOCK, confirmed=True,
         route="", note=""):  # fmt: skip
    return {
        "code": f"{award}-{category}-{subject}-{code}",
        "award_code": award,
        "category": category,
        "subject": subject,
        "predicate": predicate,
        "params": params,
        "article": article,
        "severity": severity,
        "confirmed": confirmed,
        "route": route,
        "note": note,
    }


def council(award, category, subject, criterion, article, *, confirmed=True):
    return rule(
        "council", award, category, subject, "council_assessment", {"criterion": criterion}, article,
        severity=WARNING, confirmed=confirmed,
    )  # fmt: skip


def legal_rules(decree):
    """The criteria of the law with one implementing decree (98/2023 or 152/2025)."""
    new = decree == ND152
    holds_article = f"{ND152}, Điều 4 khoản 4" if new else ND98 + TO_CONFIRM
    rules = []

    def holds(award, category, subject, *, discipline_years=None):
        discipline = {"years": discipline_years} if discipline_years else {}
        rules.append(
            rule("no-hold", award, category, subject, "no_open_hold", {}, holds_article,
                 confirmed=new, note=NOTE_4_4)
        )  # fmt: skip
        rules.append(
            rule("no-discipline", award, category, subject, "no_discipline_overlap", discipline, holds_article,
                 confirmed=new, note=NOTE_4_4)
        )  # fmt: skip

    def not_a_basis(award):
        if new:
            rules.append(
                rule("basis-merit-only", award, MERIT, I, "not_thematic_or_sudden_as_basis", {},
                     f"{ND152}, Điều 4 khoản 3", note=NOTE_4_3)
            )  # fmt: skip

    # Huân chương Lao động hạng Ba (Luật Art 44).
    a44 = f"{LUAT}, Điều 44 khoản 1 điểm e"
    rules += [
        rule("award", "labor_order_3", MERIT, I, "holds_award",
             {"min_level": "government", "categories": [MERIT], "before_window": 5}, a44, note=NOTE_44),
        rule("streak", "labor_order_3", MERIT, I, "consecutive_years_rating", {"years": 5, "at_least": "httnv"},
             a44, note=NOTE_44),
        rule("excellent-year", "labor_order_3", MERIT, I, "ratings_include",
             {"rating": "htxsnv", "count": 1, "years": 5}, a44, note=NOTE_44),
        rule("cstdcs", "labor_order_3", MERIT, I, "titles_in_window", {"title": "cstdcs", "count": 3, "years": 5},
             a44, note=NOTE_44),
    ]  # fmt: skip
    not_a_basis("labor_order_3")
    holds("labor_order_3", MERIT, I, discipline_years=5 if new else None)
    rules.append(
        council("labor_order_3", MERIT, C, "Tiêu chuẩn đối với tập thể", f"{LUAT}, Điều 44" + TO_CONFIRM,
                confirmed=False)
    )  # fmt: skip
    holds("labor_order_3", MERIT, C)
    contribution = f"{ND152}, Điều 21" if new else ND98 + TO_CONFIRM
    rules.append(
        council("labor_order_3", CONTRIBUTION, I, "Quá trình cống hiến lâu dài (thời gian giữ chức vụ)",
                contribution + (TO_CONFIRM if new else ""), confirmed=False)
    )  # fmt: skip
    holds("labor_order_3", CONTRIBUTION, I)

    # Bằng khen của Thủ tướng Chính phủ (Luật Art 73).
    a73 = f"{LUAT}, Điều 73 khoản 1 điểm b"
    rules += [
        rule("award", "pm_certificate", MERIT, I, "holds_award",
             {"min_level": "province", "categories": [MERIT], "before_window": 5}, a73, note=NOTE_73),
        rule("streak", "pm_certificate", MERIT, I, "consecutive_years_rating", {"years": 5, "at_least": "httnv"},
             a73, note=NOTE_73),
        rule("cstdcs", "pm_certificate", MERIT, I, "titles_in_window", {"title": "cstdcs", "count": 3, "years": 5},
             a73, note=NOTE_73),
    ]  # fmt: skip
    not_a_basis("pm_certificate")
    holds("pm_certificate", MERIT, I, discipline_years=5 if new else None)
    for subject, category, criterion in [
        (C, MERIT, "Tiêu chuẩn đối với tập thể"),
        (I, THEMATIC, "Thành tích xuất sắc trong phong trào thi đua theo chuyên đề"),
        (C, THEMATIC, "Thành tích xuất sắc của tập thể trong phong trào thi đua theo chuyên đề"),
    ]:
        rules.append(
            council("pm_certificate", category, subject, criterion, f"{LUAT}, Điều 73" + TO_CONFIRM,
                    confirmed=False)
        )  # fmt: skip
        holds("pm_certificate", category, subject)

    # Bằng khen của Chủ tịch UBND Thành phố (Luật Art 74).
    a74d = f"{LUAT}, Điều 74 khoản 1 điểm d"
    a74c = f"{LUAT}, Điều 74 khoản 2" + TO_CONFIRM
    rules += [
        rule("cstdcs-twice", "city_certificate", MERIT, I, "titles_in_window",
             {"title": "cstdcs", "count": 2, "consecutive": True}, a74d, route="cstdcs", note=NOTE_74_D),
        rule("excellent-years", "city_certificate", MERIT, I, "consecutive_years_rating",
             {"years": 2, "at_least": "htxsnv"}, a74d, route="htxsnv", note=NOTE_74_D),
        rule("initiatives", "city_certificate", MERIT, I, "initiatives",
             {"min_level": "grassroots", "count": 2, "years": 2}, a74d, route="htxsnv", note=NOTE_74_D),
        rule("excellent-years", "city_certificate", MERIT, C, "consecutive_years_rating",
             {"years": 2, "at_least": "htxsnv"}, a74c, route="htxsnv", confirmed=False, note=NOTE_74_C),
        rule("excellent-titles", "city_certificate", MERIT, C, "titles_in_window",
             {"title": "ttldxs", "count": 2, "consecutive": True}, a74c, route="ttldxs", confirmed=False,
             note=NOTE_74_C),
        council("city_certificate", THEMATIC, I,
                "Thành tích tiêu biểu xuất sắc trong phong trào thi đua do Thành phố phát động",
                f"{LUAT}, Điều 74 khoản 1 điểm a"),
        council("city_certificate", THEMATIC, C, "Thành tích xuất sắc trong phong trào thi đua do Thành phố phát động",
                a74c, confirmed=False),
        council("city_certificate", SUDDEN, I, "Lập được nhiều thành tích hoặc thành tích đột xuất",
                f"{LUAT}, Điều 74 khoản 1 điểm b"),
        council("city_certificate", SUDDEN, C, "Lập được thành tích đột xuất", a74c, confirmed=False),
    ]  # fmt: skip
    for subject in (I, C):
        for category in (MERIT, THEMATIC, SUDDEN):
            holds("city_certificate", category, subject)

    # Giấy khen (Luật Art 75).
    for subject, clause in ((I, "khoản 1"), (C, "khoản 2")):
        a75 = f"{LUAT}, Điều 75 {clause}"
        for category in (MERIT, THEMATIC):
            rules.append(
                rule("rating", "unit_certificate", category, subject, "latest_rating", {"at_least": "httnv"}, a75,
                     note=NOTE_75)
            )  # fmt: skip
            rules.append(
                council("unit_certificate", category, subject, "Gương mẫu chấp hành; có thành tích được bình xét",
                        a75)
            )  # fmt: skip
        rules.append(council("unit_certificate", SUDDEN, subject, "Lập được thành tích đột xuất", a75))
        for category in (MERIT, THEMATIC, SUDDEN):
            holds("unit_certificate", category, subject)
    return rules


MOVEMENT_ARTICLE = "Kế hoạch phát động phong trào “Dám nghĩ, dám làm”" + TO_CONFIRM


def movement_rules():
    """The movement rewards ideas: each thematic award rests on an idea whose effect was recognised."""
    rules = []
    for award, level, subjects, note in [
        ("unit_certificate", "grassroots", (I, C), "Có ý tưởng, giải pháp được công nhận hiệu quả cấp đơn vị."),
        ("city_certificate", "city", (I, C), "Có ý tưởng, giải pháp được công nhận hiệu quả cấp Thành phố."),
        ("pm_certificate", "city", (I,), "Có ý tưởng, giải pháp được công nhận hiệu quả cấp Thành phố."),
    ]:
        for subject in subjects:
            rules.append(
                rule("recognised-idea", award, THEMATIC, subject, "initiatives", {"min_level": level, "count": 1},
                     MOVEMENT_ARTICLE, severity=WARNING, confirmed=False, note=note)
            )  # fmt: skip
    return rules


RULES = {
    "luat-2022-nd-98-2023": legal_rules(ND98),
    "luat-2022-nd-152-2025": legal_rules(ND152),
    "phong-trao-dam-nghi-dam-lam": movement_rules(),
}


def create_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("records", "RuleSet")
    Rule = apps.get_model("records", "Rule")
    for code, fields in SETS.items():
        rule_set, _ = RuleSet.objects.get_or_create(code=code, defaults=fields)
        for order, values in enumerate(RULES[code]):
            Rule.objects.get_or_create(
                rule_set=rule_set,
                code=values["code"],
                defaults={**{k: v for k, v in values.items() if k != "code"}, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(create_rule_sets, migrations.RunPython.noop)]
