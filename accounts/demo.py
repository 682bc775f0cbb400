"""Demo units and accounts for `manage.py seed_demo`. Idempotent."""

import datetime

from django.contrib.auth.models import Group, Permission

from .models import COMMITTEE_GROUP, Unit, User

DEMO_PASSWORD = "demo12345"
REORGANISATION = datetime.date(2025, 7, 1)
BEFORE = REORGANISATION - datetime.timedelta(days=1)

# code, name, parent code, valid from, valid until, successor code
UNITS = [
    ("HCM", "Thành phố Hồ Chí Minh", None, None, None, None),
    ("SNV", "Sở Nội vụ", "HCM", None, None, None),
    ("SNV-TDKT", "Ban Thi đua – Khen thưởng", "SNV", None, None, None),
    ("SNV-CCVC", "Phòng Công chức, viên chức", "SNV", None, None, None),
    ("STC", "Sở Tài chính", "HCM", datetime.date(2025, 3, 1), None, None),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "HCM", None, datetime.date(2025, 2, 28), "STC"),
    ("STP", "Sở Tư pháp", "HCM", None, None, None),
    ("UBND-TD", "UBND TP Thủ Đức", "HCM", None, BEFORE, "P-THUDUC"),
    ("P-THUDUC", "UBND phường Thủ Đức", "HCM", REORGANISATION, None, None),
    ("Q-BINHTAN", "UBND Quận Bình Tân", "HCM", None, BEFORE, "P-BINHTAN"),
    ("Q-BINHTAN-NV", "Phòng Nội vụ Quận Bình Tân", "Q-BINHTAN", None, BEFORE, None),
    ("P-BINHTAN", "UBND phường Bình Tân", "HCM", REORGANISATION, None, None),
    ("P-BINHTAN-VP", "Văn phòng HĐND và UBND phường Bình Tân", "P-BINHTAN", REORGANISATION, None, None),
    ("P-ANLAC", "UBND phường An Lạc", "HCM", REORGANISATION, None, None),
]

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
    for code, name, parent, valid_from, valid_until, _successor in UNITS:
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": units.get(parent),
                "valid_from": valid_from,
                "valid_until": valid_until,
            },
        )
    for code, *_rest, successor in UNITS:
        if successor and units[code].successor_id is None:
            units[code].successor = units[successor]
            units[code].save(update_fields=["successor"])

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
