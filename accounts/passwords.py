"""Password validators the portal adds to Django's (AUTH_PASSWORD_VALIDATORS).

Django's common-password list is English-centred; people in Vietnamese offices reach first for
"matkhau123", "anhyeuem", a name with a birth year or a lucky number. Passwords are compared
without diacritics, case, spaces or punctuation, so "Mật khẩu 123!" is "matkhau123".
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "vietnamese-common-passwords.txt"
NAME_SYLLABLES_FILE = Path(__file__).resolve().parent / "data" / "vietnamese-name-syllables.txt"


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), spaces or punctuation: "Mật khẩu 123!" → "matkhau123"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    return re.sub(r"[^a-z0-9]", "", plain)


def _read_words(path: Path) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    return frozenset(words)


@cache
def common_passwords() -> frozenset[str]:
    return _read_words(COMMON_PASSWORDS_FILE)


@cache
def name_syllables() -> frozenset[str]:
    return _read_words(NAME_SYLLABLES_FILE)


def _split_into(word: str, syllables: frozenset[str]) -> bool:
    """Whether the letters are two or more syllables of the set, one after the other."""
    if not word:
        return False
    longest = max(map(len, syllables))
    # reachable[i]: how many syllables the shortest split of word[:i] needs (None: no split).
    reachable: list[int | None] = [0] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            before, best = reachable[start], reachable[end]
            if before is not None and word[start:end] in syllables and (best is None or before + 1 < best):
                reachable[end] = before + 1
    return reachable[-1] is not None and reachable[-1] >= 2


class VietnameseCommonPasswordValidator:
    """Refuses a common Vietnamese password (with or without numbers and symbols after it), a
    password made only of Vietnamese names and digits ("nguyenvanminh1985"), and one containing
    the person's own name."""

    def validate(self, password, user=None):
        folded = fold(password)
        letters = folded.rstrip("0123456789")
        common = common_passwords()
        if folded in common or (letters and letters in common):
            raise ValidationError(
                _("This password is one of the passwords most often used in Vietnam."),
                code="password_too_common",
            )
        full_name = fold(getattr(user, "full_name", "") or "")
        if len(full_name) >= 6 and full_name in folded:
            raise ValidationError(_("The password must not contain your name."), code="password_has_name")
        own = frozenset(fold(word) for word in (getattr(user, "full_name", "") or "").split()) - {""}
        if letters and not re.search(r"[0-9]", letters) and _split_into(letters, name_syllables() | own):
            raise ValidationError(
                _("This password is made of names and numbers, which are easy to guess."),
                code="password_is_name",
            )

    def get_help_text(self):
        return _(
            "Your password can't be a password often used in Vietnam, contain your name, or be "
            "made only of names and numbers (such as a birth year)."
        )


class MaximumLengthValidator:
    """Refuses passwords longer than max_length: nobody types them, and hashing them costs time."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                )
                % {"max_length": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return ngettext(
            "Your password can contain at most %(max_length)d character.",
            "Your password can contain at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
