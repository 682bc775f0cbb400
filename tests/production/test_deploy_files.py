"""The files of deploy/ agree with each other and with the settings, and systemd accepts the units.

The services themselves are started from these files by test_smoke.py."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .deployment import DEPLOY, INSTALL_DIR, ROOT, UNIT_FILES, UNITS, environment_file, unit_lines

SETTINGS = ROOT / "thiduaportal" / "settings"
# Read by gunicorn itself, or by the processes before Django starts.
OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY"}


def settings_variables() -> set[str]:
    pattern = re.compile(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"')
    return {name for path in SETTINGS.glob("*.py") for name in pattern.findall(path.read_text())}


def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on the units, installed here as in /opt/thidua. Skipped where the
    command does not exist, in CI too: it comes with systemd, which a container may lack."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (no systemd on this machine)")
    venv_bin = str(Path(sys.executable).parent)
    for name in UNIT_FILES:
        text = (UNITS / name).read_text()
        text = text.replace(f"{INSTALL_DIR}/.venv/bin", venv_bin).replace(INSTALL_DIR, str(ROOT))
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in UNIT_FILES)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "thidua" not in output, output  # warnings (unknown keys, bad values) do not change the code


def test_every_service_runs_as_the_portal_user_with_the_environment_file():
    for name in UNIT_FILES[1:]:
        settings = dict(unit_lines(name))
        assert settings["User"] == settings["Group"] == "thidua", name
        assert settings["EnvironmentFile"] == "/etc/thidua/thidua.env", name
        assert settings["WorkingDirectory"] == INSTALL_DIR, name
        assert settings["ProtectSystem"] == "strict" and settings["NoNewPrivileges"] == "yes", name
        assert settings["ExecStart"].startswith(f"{INSTALL_DIR}/.venv/bin/"), name


def test_nginx_and_the_units_name_the_same_socket_and_static_root():
    socket = dict(unit_lines("thidua-gunicorn.socket"))
    site = (DEPLOY / "nginx" / "thidua.conf").read_text()
    assert f"server unix:{socket['ListenStream']} " in site
    assert socket["SocketUser"] == "www-data" and socket["SocketMode"] == "0600"
    env = environment_file()
    assert f"alias {env['STATIC_ROOT']}/;" in site
    assert env["MEDIA_ROOT"] not in site, "attachments are served by a view that checks permissions"


def test_the_environment_file_sets_the_proxy_settings_nginx_needs():
    env = environment_file()
    site = (DEPLOY / "nginx" / "thidua.conf").read_text()
    # nginx replaces X-Forwarded-For with the one address it saw: exactly one proxy to trust.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert env["PROXY_COUNT"] == "1"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert env["BEHIND_PROXY"] == "true"
    assert env["DJANGO_SETTINGS_MODULE"] == "thiduaportal.settings.production"


def test_the_environment_file_names_only_variables_the_portal_reads():
    unknown = set(environment_file()) - settings_variables() - OUTSIDE_SETTINGS
    assert not unknown, f"deploy/thidua.env.example sets variables nothing reads: {sorted(unknown)}"


def test_every_environment_variable_is_documented():
    operations = (ROOT / "docs" / "operations.md").read_text()
    missing = sorted(
        name for name in settings_variables() | OUTSIDE_SETTINGS if f"`{name}`" not in operations
    )
    assert not missing, f"describe these in docs/operations.md: {missing}"
