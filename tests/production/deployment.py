"""Reads the files of deploy/ as the tests use them: the commands and environment of the systemd
units, the environment file, and the nginx site with its documented values replaced."""

import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
INSTALL_DIR = "/opt/thidua"  # where the units expect the code, its .venv inside
UNIT_FILES = (
    "thidua-gunicorn.socket",
    "thidua-gunicorn.service",
    "thidua-celery-worker.service",
    "thidua-celery-beat.service",
)


def unit_lines(name: str) -> list[tuple[str, str]]:
    """(key, value) of every setting of a unit file, continuation lines joined."""
    text = (UNITS / name).read_text().replace("\\\n", " ")
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            pairs.append((key.strip(), value.strip()))
    return pairs


def unit_command(name: str) -> list[str]:
    """The unit's ExecStart with the installation directory replaced by this checkout (and its
    .venv by the interpreter running the tests)."""
    (command,) = [value for key, value in unit_lines(name) if key == "ExecStart"]
    venv_bin = str(Path(sys.executable).parent)
    return [
        arg.replace(f"{INSTALL_DIR}/.venv/bin", venv_bin).replace(INSTALL_DIR, str(ROOT))
        for arg in shlex.split(command)
    ]


def unit_environment(name: str) -> dict[str, str]:
    env = {}
    for key, value in unit_lines(name):
        if key == "Environment":
            for assignment in shlex.split(value):
                name_, _, val = assignment.partition("=")
                env[name_] = val
    return env


def environment_file() -> dict[str, str]:
    """deploy/thidua.env.example as systemd reads it: KEY=value lines."""
    env = {}
    for line in (DEPLOY / "thidua.env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def nginx_site(*, host, http_port, https_port, certificate, key, socket, static_root) -> str:
    """deploy/nginx/thidua.conf with exactly the values its header documents replaced. Fails if a
    value is not found as often as expected (the file changed and the test would not test it)."""
    replacements = [
        ("server_name thidua.example.vn;", f"server_name {host};", 2),
        ("listen 80;", f"listen 127.0.0.1:{http_port};", 1),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;", 1),
        ("/etc/ssl/thidua/fullchain.pem;", f"{certificate};", 1),
        ("/etc/ssl/thidua/privkey.pem;", f"{key};", 1),
        ("unix:/run/thidua/gunicorn.sock ", f"unix:{socket} ", 1),
        ("alias /var/lib/thidua/static/;", f"alias {static_root}/;", 1),
    ]
    lines = (DEPLOY / "nginx" / "thidua.conf").read_text().splitlines()
    for old, new, expected in replacements:
        found = 0
        for index, line in enumerate(lines):
            if not line.lstrip().startswith("#") and old in line:
                lines[index] = line.replace(old, new)
                found += 1
        assert found == expected, f"deploy/nginx/thidua.conf: {old!r} found {found} times, not {expected}"
    return "\n".join(lines) + "\n"


def nginx_main_config(*, directory: Path, site: Path) -> str:
    """The http{} frame Debian's /etc/nginx/nginx.conf gives a site, with every path in `directory`."""
    temp = "\n".join(
        f"    {kind}_temp_path {directory}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log info;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {directory}/nginx-access.log;
{temp}
    include {site};
}}
"""
