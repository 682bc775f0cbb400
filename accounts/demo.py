"""Demo units and accounts for `manage.py seed_demo`. Idempotent."""

import datetime

from django.contrib.auth.models import Group, Permission

from .models import COMMITTEE_GROUP, Unit, UnitKind, User
from .services import unit_lineage_set

DEMO_PASSWORD = "demo12345"
REORGANISATION = datetime.date(2025, 7, 1)
BEFORE = REORGANISATION - datetime.timedelta(days=1)

# code, name, parent code, valid from, valid until
UNITS = [
    ("HCM", "Thành phố Hồ Chí Minh", None, None, None),
    ("SNV", "Sở Nội vụ", "HCM", None, None),
    ("SNV-TDKT", "Ban Thi đua – Khen thưởng", "SNV", None, None),
    ("SNV-CCVC", "Phòng Công chức, viên chức", "SNV", None, None),
    ("STC", "Sở Tài chính", "HCM", datetime.date(2025, 3, 1), None),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "HCM", None, datetime.date(2025, 2, 28)),
    ("STP", "Sở Tư pháp", "HCM", None, None),
    ("UBND-TD", "UBND TP Thủ Đức", "HCM", None, BEFORE),
    ("P-THUDUC", "UBND phường Thủ Đức", "HCM", REORGANISATION, None),
    ("Q-BINHTAN", "UBND Quận Bình Tân", "HCM", None, BEFORE),
    ("Q-BINHTAN-NV", "Phòng Nội vụ Quận Bình Tân", "Q-BINHTAN", None, BEFORE),
    ("P-BINHTAN", "UBND phường Bình Tân", "HCM", REORGANISATION, None),
    ("P-BINHTAN-VP", "Văn phòng HĐND và UBND phường Bình Tân", "P-BINHTAN", REORGANISATION, None),
    ("P-ANLAC", "UBND phường An Lạc", "HCM", REORGANISATION, None),
    ("P-TANDINH", "UBND phường Tân Định", "HCM", REORGANISATION, None),
]

# code: kind, legal personality (divisions and offices have none: their head confers no Giấy khen)
KINDS = {
    "HCM": (UnitKind.CITY, True),
    "SNV": (UnitKind.DEPARTMENT, True),
    "SNV-TDKT": (UnitKind.DIVISION, False),
    "SNV-CCVC": (UnitKind.DIVISION, False),
    "STC": (UnitKind.DEPARTMENT, True),
    "SKHDT": (UnitKind.DEPARTMENT, True),
    "STP": (UnitKind.DEPARTMENT, True),
    "UBND-TD": (UnitKind.DISTRICT, True),
    "P-THUDUC": (UnitKind.COMMUNE, True),
    "Q-BINHTAN": (UnitKind.DISTRICT, True),
    "Q-BINHTAN-NV": (UnitKind.DIVISION, False),
    "P-BINHTAN": (UnitKind.COMMUNE, True),
    "P-BINHTAN-VP": (UnitKind.DIVISION, False),
    "P-ANLAC": (UnitKind.COMMUNE, True),
    "P-TANDINH": (UnitKind.COMMUNE, True),
}

# Where the former units went (main successor first): part of Quận Bình Tân became phường An Lạc.
LINEAGE = {
    "SKHDT": [("STC", None)],
    "UBND-TD": [("P-THUDUC", None)],
    "Q-BINHTAN": [("P-BINHTAN", 70), ("P-ANLAC", 30)],
}

# username, full name, unit code, position, gender, birth year, category, roles
ACCOUNTS = [
    (
        "committee",
        "Trần Thị Thu Hà",
        "SNV-TDKT",
        "Chuyên viên Ban Thi đua – Khen thưởng",
        "female",
        1982,
        "civil_servant",
        {"committee"},
    ),
    ("head.binhtan", "Nguyễn Văn Minh", "P-BINHTAN", "Chủ tịch UBND phường", "male", 1975, "cadre", {"head"}),
    ("staff.binhtan", "Lê Thị Mai", "P-BINHTAN-VP", "Chuyên viên", "female", 1990, "civil_servant", set()),
    (
        "staff2.binhtan",
        "Phạm Quốc Bảo",
        "P-BINHTAN",
        "Công chức Văn phòng – Thống kê",
        "male",
        1988,
        "civil_servant",
        set(),
    ),
    (
        "head.tandinh",
        "Huỳnh Thị Thanh Tâm",
        "P-TANDINH",
        "Chủ tịch UBND phường",
        "female",
        1978,
        "cadre",
        {"head"},
    ),
    ("head.noivu", "Võ Thành Nam", "SNV", "Giám đốc Sở Nội vụ", "male", 1970, "cadre", {"head"}),
    ("staff.noivu", "Đặng Ngọc Lan", "SNV-CCVC", "Chuyên viên chính", "female", 1986, "civil_servant", set()),
]

COMMITTEE_ADMIN_MODELS = [
    ("movement", "phase"),
    ("movement", "deadline"),
    ("movement", "publicholiday"),
    ("accounts", "unit"),
]


def _user(username, **fields):
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed(*, today, log):
    units = {}
    for code, name, parent, valid_from, valid_until in UNITS:
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": units.get(parent),
                "valid_from": valid_from,
                "valid_until": valid_until,
                "kind": KINDS[code][0],
                "legal_personality": KINDS[code][1],
            },
        )
    for code, successors in LINEAGE.items():
        if not units[code].lineage_out.exists():
            unit_lineage_set(unit=units[code], successors=[(units[s], share) for s, share in successors])

    committee = Group.objects.get(name=COMMITTEE_GROUP)
    committee.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in={app for app, _ in COMMITTEE_ADMIN_MODELS},
            content_type__model__in={model for _, model in COMMITTEE_ADMIN_MODELS},
        )
    )
    _user(
        "admin",
        full_name="Quản trị hệ thống",
        email="admin@thidua.example.vn",
        is_superuser=True,
        is_staff=True,
    )
    for username, full_name, unit, position, gender, birth_year, category, roles in ACCOUNTS:
        user = _user(
            username,
            full_name=full_name,
            email=f"{username}@thidua.example.vn",
            unit=units[unit],
            position=position,
            gender=gender,
            birth_year=birth_year,
            category=category,
            is_staff="committee" in roles,  # the committee manages phases, deadlines and units in the admin
        )
        if "committee" in roles:
            user.groups.add(committee)
        if "head" in roles and units[unit].head_id is None:
            units[unit].head = user
            units[unit].save(update_fields=["head"])
    log(f"units: {len(units)}, accounts: {len(ACCOUNTS) + 1} (password {DEMO_PASSWORD})")
