"""The production path end to end, from this checkout, as a city IT team runs it with deploy/.

collectstatic with the production settings (WhiteNoise's manifest) into a temporary STATIC_ROOT;
a PostgreSQL database of its own, migrated, with demo-like data; gunicorn, the Celery worker and
Celery beat started with the ExecStart lines of deploy/systemd/ and the environment of
deploy/thidua.env.example (DEBUG off); a local SMTP server; Debian's nginx with
deploy/nginx/thidua.conf (only its documented values replaced) and a throwaway TLS certificate.
Then, through nginx over HTTPS only: sign in through the form, the main pages, a static file, an
idea submitted through the form, and the reviewer's digest e-mail sent by the worker when beat
starts the daily job. Everything started is stopped again, whatever happens.

Needs nginx, openssl, PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): in CI a missing one fails
the test, elsewhere it is skipped with the reason.
"""

import contextlib
import email
import email.policy
import gzip
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

import pytest

from tests.conftest import require

from .deployment import (
    ROOT,
    environment_file,
    nginx_main_config,
    nginx_site,
    unit_command,
    unit_environment,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "localhost"
PASSWORD = "demo12345"  # the demo accounts' password (accounts/demo.py)
REVIEWER_EMAIL = "head.binhtan@thidua.example.vn"  # head of the unit above staff.binhtan's office
FORGED_ADDRESS = "203.0.113.77"
STARTUP_TIMEOUT = 120
MAIL_TIMEOUT = 120
# The smoke database is named after the test database (its server, its user), which pytest-django
# sets up only for a session with a django_db test.
pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Processes ---------------------------------------------------------------------------------------


@dataclass
class Processes:
    """Each process in a session of its own, so that stopping it stops its children too."""

    directory: Path
    env: dict
    running: dict = field(default_factory=dict)

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.directory / f"{name}.log", "w+b")  # noqa: SIM115 (closed in stop_all)
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = (process, log)
        return process

    def run(self, name: str, args: list[str], timeout: float = 600) -> None:
        result = subprocess.run(args, cwd=ROOT, env=self.env, capture_output=True, timeout=timeout)
        assert result.returncode == 0, f"{name} failed:\n{(result.stdout + result.stderr).decode()[-4000:]}"

    def finish(self, name: str, timeout: float = 600) -> None:
        """Waits for a started process that is meant to end, and checks that it succeeded."""
        process, log = self.running[name]
        returncode = process.wait(timeout=timeout)
        assert returncode == 0, f"{name} failed:\n{self.log(name)[-4000:]}"
        log.close()
        del self.running[name]

    def log(self, name: str) -> str:
        self.running[name][1].flush()
        return (self.directory / f"{name}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(f"--- {name} ---\n{self.log(name)[-3000:]}" for name in self.running)

    def wait_for(self, what: str, predicate, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):  # not listening yet (URLError is an OSError)
                if predicate():
                    return
            for name, (process, _log) in self.running.items():
                if process.poll() is not None:
                    pytest.fail(
                        f"{name} exited ({process.returncode}) while waiting for {what}\n{self.logs()}"
                    )
            time.sleep(0.2)
        pytest.fail(f"timed out after {timeout}s waiting for {what}\n{self.logs()}")

    def stop_all(self) -> None:
        for process, _log in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process, log in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            log.close()


# The SMTP server -------------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]


# An HTTPS client that keeps cookies and does not follow redirects --------------------------------


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    headers: object
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class Browser:
    def __init__(self, base_url: str, certificate: Path):
        self.base_url = base_url
        context = ssl.create_default_context(cafile=str(certificate))
        self.opener = build_opener(HTTPSHandler(context=context), HTTPCookieProcessor(), _NoRedirect)

    def request(self, method: str, path: str, data: bytes | None = None, headers=None) -> Response:
        request = Request(self.base_url + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read())
        except HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return Response(error.code, error.headers, error.read())

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict, *, referer: str, files=None, headers=None) -> Response:
        """As a browser posts a form: Origin and Referer set (Django's CSRF check over HTTPS)."""
        if files:
            boundary = uuid.uuid4().hex
            body, content_type = (
                multipart(fields, files, boundary),
                f"multipart/form-data; boundary={boundary}",
            )
        else:
            body, content_type = urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request(
            "POST",
            path,
            data=body,
            headers={
                "Content-Type": content_type,
                "Origin": self.base_url,
                "Referer": self.base_url + referer,
                **(headers or {}),
            },
        )

    def sign_in(self, username: str, password: str = PASSWORD, headers=None) -> Response:
        page = self.get("/accounts/login/")
        assert page.status == 200, page.status
        fields = form_fields(page.text, "/accounts/login/")
        return self.post(
            "/accounts/login/",
            {**fields, "username": username, "password": password},
            referer="/accounts/login/",
            headers=headers,
        )


def multipart(fields: dict, files: dict, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


class _FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the forms that post to `target` (or to the page itself,
    without an action; not the header's language switch or sign-out): inputs with their values, and
    the first real option of every select."""

    def __init__(self, target: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._inside = False
        self._target = target

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._inside = attrs.get("action") in (None, "", self._target)
        elif not self._inside:
            return
        elif tag == "input" and name and attrs.get("type") not in ("file", "submit", "checkbox", "radio"):
            self.fields.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.fields.setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        if tag == "select":
            self._select = None


def form_fields(page: str, target: str = "") -> dict[str, str]:
    parser = _FormFields(target)
    parser.feed(page)
    return parser.fields


def links(page: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', page)


# The stack -------------------------------------------------------------------------------------


def _postgres_admin():
    """Connection parameters of the test database's server, or a failure/skip when it is not PostgreSQL."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    require(database["ENGINE"].endswith("postgresql"), "PostgreSQL (DATABASE_URL)")
    return database


@pytest.fixture(scope="module")
def stack(django_db_setup):
    database = _postgres_admin()
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "Redis (REDIS_URL)")
    require(os.path.exists(NGINX), "nginx (apt-get install nginx)")
    require(shutil.which("openssl") is not None, "openssl")
    import psycopg
    import redis
    from aiosmtpd.controller import Controller

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require(False, f"Redis at {redis_url}")

    started = time.monotonic()
    directory = Path(tempfile.mkdtemp(prefix="thidua-smoke-"))
    directory.chmod(0o755)  # nginx's workers (nobody) read the static files and use the socket
    db_name = f"{database['NAME']}_smoke"[:63]
    admin = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    auth = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    queue_keys = ("celery", "unacked", "unacked_index", "unacked_mutex")
    broker = redis.Redis.from_url(redis_url)
    http_port, https_port, smtp_port = free_port(), free_port(), free_port()
    base_url = f"https://{HOST}:{https_port}"

    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, directory, ignore_errors=True)

        def drop_database():
            with psycopg.connect(**admin) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')

        drop_database()
        with psycopg.connect(**admin) as connection:
            connection.execute(f'CREATE DATABASE "{db_name}"')
        cleanup.callback(drop_database)
        broker.delete(*queue_keys)
        cleanup.callback(broker.delete, *queue_keys)

        mailbox = Mailbox()
        smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
        smtp.start()
        cleanup.callback(smtp.stop)

        certificate, key = directory / "fullchain.pem", directory / "privkey.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
            + ["-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"]
            + ["-keyout", str(key), "-out", str(certificate)],
            check=True,
            capture_output=True,
        )

        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **environment_file(),
            **unit_environment("thidua-gunicorn.service"),
            # The values deploy/thidua.env.example marks to change, and the data paths:
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": base_url,
            "PORTAL_BASE_URL": base_url,
            "DATABASE_URL": f"postgres://{auth}@{admin['host']}:{admin['port']}/{db_name}",
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "MEDIA_ROOT": str(directory / "media"),
            "STATIC_ROOT": str(directory / "static"),
            "WEB_CONCURRENCY": "2",
        }
        processes = Processes(directory=directory, env=env)
        cleanup.callback(processes.stop_all)

        python = sys.executable
        processes.start("collectstatic", [python, "manage.py", "collectstatic", "--no-input", "-v0"])
        processes.run("prepare", [python, "-m", "tests.production.portal_side", "prepare"])
        processes.finish("collectstatic")

        site = directory / "thidua.conf"
        site.write_text(
            nginx_site(
                host=HOST,
                http_port=http_port,
                https_port=https_port,
                certificate=certificate,
                key=key,
                socket=directory / "gunicorn.sock",
                static_root=directory / "static",
            )
        )
        (directory / "nginx.conf").write_text(nginx_main_config(directory=directory, site=site))

        processes.start(
            "gunicorn",
            unit_command("thidua-gunicorn.service") + ["--bind", f"unix:{directory}/gunicorn.sock"],
        )
        processes.start("worker", unit_command("thidua-celery-worker.service"))
        processes.start("beat", unit_command("thidua-celery-beat.service"))
        processes.start(
            "nginx", [NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-g", "daemon off;"]
        )

        browser = Browser(base_url, certificate)
        processes.wait_for(
            "/healthz through nginx", lambda: browser.get("/healthz").status == 200, STARTUP_TIMEOUT
        )
        processes.wait_for("the Celery worker", lambda: " ready." in processes.log("worker"), STARTUP_TIMEOUT)
        processes.wait_for("Celery beat", lambda: "beat: Starting" in processes.log("beat"), STARTUP_TIMEOUT)
        print(f"production stack up in {time.monotonic() - started:.1f}s")
        yield {
            "base_url": base_url,
            "certificate": certificate,
            "directory": directory,
            "processes": processes,
            "mailbox": mailbox,
            "http_port": http_port,
            "database": {**admin, "dbname": db_name},
        }


def browser(stack) -> Browser:
    return Browser(stack["base_url"], stack["certificate"])


def query(stack, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(**stack["database"]) as connection:
        return connection.execute(sql, params).fetchall()


# The tests -------------------------------------------------------------------------------------


def test_sign_in_through_the_form_and_the_main_pages(stack):
    login_page = browser(stack).get("/accounts/login/")
    assert login_page.status == 200
    assert "csrfmiddlewaretoken" in login_page.text
    (stylesheet,) = links(login_page.text, r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css")

    staff = browser(stack)
    response = staff.sign_in("staff.binhtan")
    assert (response.status, response.headers["Location"]) == (302, "/")
    home = staff.get("/")
    assert home.status == 200 and "Lê Thị Mai" in home.text
    assert stylesheet in home.text
    ideas = staff.get("/ideas/")
    assert ideas.status == 200
    idea = staff.get(links(ideas.text, r"/ideas/\d+/")[0])
    assert idea.status == 200 and "text/html" in idea.headers["Content-Type"]

    committee = browser(stack)
    assert committee.sign_in("committee").status == 302
    nominations = committee.get("/awards/nominations/")
    assert nominations.status == 200
    nomination = committee.get(links(nominations.text, r"/awards/nominations/\d+/")[0])
    assert nomination.status == 200
    stats = committee.get("/stats/")
    assert stats.status == 200 and "<table" in stats.text
    assert staff.get("/stats/").status == 403

    wrong = browser(stack).sign_in("staff.binhtan", password="not-the-password")
    assert wrong.status == 200 and "csrfmiddlewaretoken" in wrong.text


def test_static_files_come_from_nginx_compressed_and_cached(stack):
    page = browser(stack).get("/accounts/login/").text
    (css,) = links(page, r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css")
    (js,) = re.findall(r'src="(/static/vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js)"', page)
    collected = stack["directory"] / "static" / css.removeprefix("/static/")
    assert collected.with_name(collected.name + ".gz").exists()

    compressed = browser(stack).get(css, **{"Accept-Encoding": "gzip"})
    assert compressed.status == 200
    assert compressed.headers["Content-Type"] == "text/css"
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == collected.read_bytes()
    assert "immutable" in compressed.headers["Cache-Control"]
    assert compressed.headers["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in compressed.headers or "nginx/" not in compressed.headers["Server"]

    plain = browser(stack).get(js)
    assert plain.status == 200
    assert plain.headers["Content-Type"] == "application/javascript"
    assert "Content-Encoding" not in plain.headers
    assert b"Bootstrap" in plain.body[:300]

    (portal_css,) = links(page, r"/static/css/portal\.[0-9a-f]{12}\.css")
    font = re.search(r'url\("?\.\./(vendor/fonts/[^")]+\.woff2)', browser(stack).get(portal_css).text)
    assert font, "the portal's stylesheet names its fonts (hashed by the manifest)"
    response = browser(stack).get(f"/static/{font.group(1)}")
    assert (response.status, response.headers["Content-Type"]) == (200, "font/woff2")

    assert browser(stack).get("/static/vendor/bootstrap/missing.css").status == 404


def test_security_headers_come_once_and_a_forged_address_is_not_believed(stack):
    response = browser(stack).get("/accounts/login/")
    for header in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert len(response.headers.get_all(header) or []) == 1, header
    assert all("Secure" in cookie for cookie in response.headers.get_all("Set-Cookie"))

    plain_http = http.client.HTTPConnection("127.0.0.1", stack["http_port"], timeout=10)
    plain_http.request("GET", "/ideas/?page=2", headers={"Host": HOST})
    redirect = plain_http.getresponse()
    assert (redirect.status, redirect.getheader("Location")) == (301, f"https://{HOST}/ideas/?page=2")
    plain_http.close()

    browser(stack).sign_in(
        "staff2.binhtan", password="wrong-password", headers={"X-Forwarded-For": FORGED_ADDRESS}
    )
    recorded = query(stack, "SELECT ip_address FROM axes_accessattempt WHERE username = %s", "staff2.binhtan")
    assert recorded, "the failed sign-in was recorded"
    assert FORGED_ADDRESS not in {str(address) for (address,) in recorded}


def test_a_submitted_idea_reaches_its_reviewer_in_the_daily_digest(stack):
    staff = browser(stack)
    assert staff.sign_in("staff.binhtan").status == 302
    form = staff.get("/ideas/new/")
    assert form.status == 200
    title = f"Kiểm thử triển khai {uuid.uuid4().hex[:8]}: một cửa điện tử cho hồ sơ khen thưởng"
    fields = {
        **form_fields(form.text),
        "title": title,
        "summary": "Tiếp nhận và trả hồ sơ khen thưởng qua cổng điện tử.",
        "problem": "Hồ sơ giấy đi qua nhiều cấp, mất nhiều ngày.",
        "solution": "Một cửa điện tử, theo dõi trạng thái trực tuyến.",
        "expected_benefit": "Rút ngắn thời gian xử lý một nửa.",
        "intent": "submit",
    }
    fields.pop("co_authors", None)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = staff.post(
        "/ideas/new/",
        fields,
        referer="/ideas/new/",
        files={"attachments": ("de-an.pdf", pdf, "application/pdf")},
    )
    assert response.status == 302, response.text[-2000:]
    idea = staff.get(response.headers["Location"])
    assert idea.status == 200 and title in idea.text and "de-an.pdf" in idea.text
    stored = [path for path in (stack["directory"] / "media").rglob("*") if path.is_file()]
    assert pdf in [path.read_bytes() for path in stored], "the attachment is stored in MEDIA_ROOT"

    processes = stack["processes"]
    processes.run("daily-run-now", [sys.executable, "-m", "tests.production.portal_side", "daily-run-now"])

    def digest_arrived():
        return any(title in _text(message) for message in stack["mailbox"].to(REVIEWER_EMAIL))

    processes.wait_for(f"the digest to {REVIEWER_EMAIL}", digest_arrived, MAIL_TIMEOUT)
    (digest,) = [m for m in stack["mailbox"].to(REVIEWER_EMAIL) if title in _text(m)]
    assert "[Cổng Thi đua]" in digest["Subject"]  # in Vietnamese, as the reader gets it
    assert stack["base_url"] + "/notifications/" in _text(digest)
    assert "send_daily_reminders" in processes.log("worker")
    assert "send_daily_reminders" in processes.log("beat")

    ready = browser(stack).get("/healthz/ready")
    body = json.loads(ready.body)
    assert ready.status == 200, body
    assert (body["status"], body["broker"], body["daily_run"]) == ("ok", "ok", "ok"), body


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
