"""A status changes only through the transition table, in one function per app (docs/development.md)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW_STATUS_WRITE = re.compile(r"\.status\s*=[^=]|\.update\([^)]*\bstatus\s*=|status=F\(")
ALLOWED = {
    ("ideas/services.py", "    idea.status = move.target"),
    ("awards/services.py", "    nomination.status = move.target"),
}


def test_no_status_is_written_outside_the_transition_functions():
    writes = set()
    for app in ("ideas", "awards"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if RAW_STATUS_WRITE.search(line):
                    writes.add((str(path.relative_to(ROOT)), line.rstrip()))
    assert writes == ALLOWED


def test_the_guard_would_see_a_raw_write():
    assert RAW_STATUS_WRITE.search('    idea.status = "approved"')
    assert RAW_STATUS_WRITE.search('Idea.objects.filter(pk=1).update(status="approved")')
    assert not RAW_STATUS_WRITE.search("if idea.status == Status.DRAFT:")
