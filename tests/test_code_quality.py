"""The code stays clean: ruff lint and format, and migrations in step with the models."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")


def run(*args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)


def test_ruff_lint_is_clean():
    result = run(str(RUFF), "check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean():
    result = run(str(RUFF), "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_migrations_are_committed():
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
