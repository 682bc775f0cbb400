"""Demo records for `manage.py seed_demo`: realistic ratings, titles and awards for every demo person
and a few collectives, entered by the committee through the import service (idempotent by natural
key). Years count back from today, so the demo stays current.

`staff.noivu` meets the rule of Decree 152/2025 for the Prime Minister's certificate by merit (a
ministry's certificate by merit, five consecutive years rated at least "well completed", CSTĐCS three
times in them); `staff2.binhtan` does not (a thematic city certificate, a year rated "completed",
CSTĐCS once), and the record page shows why.
"""

from django.contrib.auth.models import Group, Permission

from accounts.models import COMMITTEE_GROUP, User

from .services import records_import

RATINGS: dict[str, list[str | None]] = {
    # username: ratings from six years before the last completed year up to it
    "staff.noivu": ["httnv", "httnv", "htxsnv", "httnv", "htxsnv", "httnv", "htxsnv"],
    "staff2.binhtan": ["httnv", "htxsnv", "httnv", "htnv", "httnv", "htxsnv", "httnv"],
    "head.noivu": ["htxsnv", "htxsnv", "httnv", "htxsnv", "htxsnv", "htxsnv", "htxsnv"],
    "head.binhtan": [None, None, "httnv", "httnv", "htxsnv", "httnv", "htxsnv"],
    "staff.binhtan": [None, None, None, None, None, "httnv", "htxsnv"],
    "head.tandinh": [None, None, None, "httnv", "httnv", "htxsnv", "httnv"],
    "committee": [None, None, "httnv", "httnv", "httnv", "htxsnv", "httnv"],
}
CSTDCS_YEARS_BACK = {"staff.noivu": (4, 2, 0), "staff2.binhtan": (5, 1), "head.noivu": (6, 3, 1)}
ISSUER = {
    "staff.noivu": "Giám đốc Sở Nội vụ",
    "staff2.binhtan": "Chủ tịch UBND Quận Bình Tân",
    "head.noivu": "Chủ tịch UBND Thành phố",
    "head.binhtan": "Chủ tịch UBND Thành phố",
    "staff.binhtan": "Chủ tịch UBND phường Bình Tân",
    "head.tandinh": "Chủ tịch UBND Thành phố",
    "committee": "Giám đốc Sở Nội vụ",
}


def _rows(last: int) -> list[dict]:
    rows = []
    for username, ratings in RATINGS.items():
        first = last - len(ratings) + 1
        for offset, rating in enumerate(ratings):
            year = first + offset
            if rating is None:
                continue
            rows.append(
                {"kind": "rating", "username": username, "year": year, "code": rating,
                 "source": f"Thông báo kết quả đánh giá, xếp loại chất lượng năm {year}"}
            )  # fmt: skip
            cstdcs = last - year in CSTDCS_YEARS_BACK.get(username, ())
            title = "cstdcs" if cstdcs else "ldtt"
            if rating in ("htxsnv", "httnv"):
                number = f"{'2' if cstdcs else '1'}{year % 100:02d}{offset}/QĐ"
                rows.append(
                    {"kind": "title", "username": username, "year": year, "code": title,
                     "decision_number": number, "decision_date": f"{year}-12-26", "issuer": ISSUER[username],
                     "source": f"Quyết định {number} ngày 26/12/{year}"}
                )  # fmt: skip
    rows += [
        {"kind": "award", "username": "staff.noivu", "code": "ministry_certificate", "category": "merit",
         "issuer": "Bộ trưởng Bộ Nội vụ", "decision_number": "1520/QĐ-BNV",
         "decision_date": f"{last - 5}-11-20",
         "period_from": last - 7, "period_to": last - 6,
         "title": "Hoàn thành xuất sắc nhiệm vụ công tác cải cách chế độ công vụ, công chức",
         "source": "Bản sao Quyết định 1520/QĐ-BNV trong hồ sơ cá nhân"},
        {"kind": "initiative", "username": "staff.noivu", "code": "grassroots",
         "title": "Quy trình số hoá hồ sơ đề nghị khen thưởng tại Sở Nội vụ",
         "issuer": "Hội đồng sáng kiến Sở Nội vụ",
         "decision_number": "88/QĐ-SNV", "decision_date": f"{last - 2}-10-05",
         "used_for": f"Chiến sĩ thi đua cơ sở năm {last - 2}", "source": "Quyết định 88/QĐ-SNV"},
        {"kind": "award", "username": "staff2.binhtan", "code": "city_certificate", "category": "thematic",
         "issuer": "Chủ tịch UBND Thành phố", "decision_number": "2871/QĐ-UBND",
         "decision_date": f"{last - 3}-08-15",
         "period_from": last - 3, "period_to": last - 3,
         "title": "Thành tích trong phong trào thi đua chuyên đề cải cách hành chính",
         "source": "Quyết định 2871/QĐ-UBND"},
        {"kind": "initiative", "username": "staff2.binhtan", "code": "grassroots",
         "title": "Một cửa liên thông hồ sơ đất đai cấp phường",
         "issuer": "Hội đồng sáng kiến UBND Quận Bình Tân", "decision_number": "45/QĐ-UBND",
         "decision_date": f"{last - 1}-09-12", "source": "Quyết định 45/QĐ-UBND"},
        {"kind": "award", "username": "head.noivu", "code": "pm_certificate", "category": "merit",
         "issuer": "Thủ tướng Chính phủ", "decision_number": "1187/QĐ-TTg",
         "decision_date": f"{last - 7}-09-30",
         "period_from": last - 12, "period_to": last - 8, "source": "Quyết định 1187/QĐ-TTg"},
        {"kind": "restriction", "username": "head.binhtan", "code": "complaint", "start": f"{last}-03-10",
         "end": f"{last}-05-20", "title": "Khiếu nại về kết quả bình xét thi đua, đã giải quyết",
         "source": "Văn bản trả lời khiếu nại số 17/UBND"},
    ]  # fmt: skip
    unit_ratings: list[tuple[str, list[str | None], tuple[int, ...]]] = [
        ("SNV", ["htxsnv", "htxsnv", "htxsnv"], ()),
        ("SNV-CCVC", ["httnv", "htxsnv", "htxsnv"], (1, 0)),
    ]
    for code, ratings, title_years in unit_ratings:
        for offset, rating in enumerate(ratings):
            year = last - len(ratings) + 1 + offset
            rows.append(
                {"kind": "rating", "unit_code": code, "year": year, "code": rating,
                 "source": f"Quyết định xếp loại tập thể năm {year}"}
            )  # fmt: skip
            if last - year in title_years:
                rows.append(
                    {"kind": "title", "unit_code": code, "year": year, "code": "ttldxs",
                     "decision_number": f"3{year % 100:02d}/QĐ-SNV", "decision_date": f"{year}-12-28",
                     "issuer": "Giám đốc Sở Nội vụ", "source": f"Quyết định 3{year % 100:02d}/QĐ-SNV"}
                )  # fmt: skip
    for year in range(2020, min(2024, last) + 1):
        rows.append(
            {"kind": "rating", "unit_code": "Q-BINHTAN", "year": year, "code": "httnv",
             "source": f"Quyết định xếp loại tập thể năm {year} (lưu trữ UBND Quận Bình Tân)"}
        )  # fmt: skip
    if last >= 2025:
        rows.append(
            {"kind": "rating", "unit_code": "P-BINHTAN", "year": 2025, "code": "httnv",
             "source": "Quyết định xếp loại tập thể năm 2025"}
        )  # fmt: skip
    return rows


def seed(*, today, log):
    # The committee edits the movement's own rule set in the admin; the law's sets stay read-only there.
    Group.objects.get(name=COMMITTEE_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="records", content_type__model__in=["ruleset", "rule", "recordchange"]
        )
    )
    committee = User.objects.get(username="committee")
    rows = list(enumerate(_rows(today.year - 1), start=2))
    created = unchanged = 0
    # Nobody enters their own record: the committee member's own rows are entered by the administrator.
    for by, part in [
        (committee, [(line, row) for line, row in rows if row.get("username") != "committee"]),
        (
            User.objects.get(username="admin"),
            [(line, row) for line, row in rows if row.get("username") == "committee"],
        ),
    ]:
        result = records_import(
            rows=[(line, {k: str(v) for k, v in row.items()}) for line, row in part], by=by, today=today
        )
        if result.errors:
            raise RuntimeError(f"demo records do not validate: {result.errors[:5]}")
        created, unchanged = created + result.created, unchanged + result.unchanged
    log(f"{created} entries created, {unchanged} already there")
