"""Load benchmark: each page under concurrent load, side by side with a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench \\
        .venv/bin/python bench/ideas_generate.py --size 10k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/load.py [--duration 5] [--rounds 1] [--explain]

What it does, as production would:
1. collects the static files into a temporary directory (manifest storage: DEBUG is off) and
   compiles the translations;
2. starts gunicorn with the production settings (thiduaportal.settings.production, the variables
   of docs/operations.md set for a plain-HTTP server on 127.0.0.1) and 2 workers, plus
   BENCH_BARE_VIEW=1, which routes /bench/bare/: a view that does nothing, behind the same middleware;
3. signs in through the sign-in form as a committee member, the head of a top unit and a staff
   member (the generator's password);
4. drives each page with `wrk` (Debian's package) at 4 connections, each page's run right after a
   run of the bare view with the same session, and prints per page: requests per second, the bare
   view's, their ratio, p50 and p95 latency, and the SQL queries the page makes (counted in this
   process through the test client, on the same database and settings).

--explain prints EXPLAIN (ANALYZE, BUFFERS) of every SELECT of every page, and flags sequential
scans of the ideas table. The machine's other load shows in every figure: run it on a quiet machine.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
PASSWORD = "bench-password-123"  # bench/ideas_generate.py
HOST = "127.0.0.1"
SEQ_SCAN = re.compile(r"Seq Scan on ideas_idea\b(?!_)")
# wrk prints one parsable line at the end of a run (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


def server_env(port, static_root, media_root):
    """The production settings' variables (docs/operations.md) for a plain-HTTP server on 127.0.0.1."""
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the generated database (bench/ideas_generate.py).")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thiduaportal.settings.production",
        "SECRET_KEY": "bench-load-only-" + "x" * 50,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "CSRF_TRUSTED_ORIGINS": f"http://{HOST}:{port}",
        "PORTAL_BASE_URL": f"http://{HOST}:{port}",
        # No TLS proxy in front: plain HTTP, so no redirect to https (cookies stay Secure).
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "BENCH_BARE_VIEW": "1",
        # Generous, so the sign-in form's throttle never locks the benchmark out.
        "AXES_FAILURE_LIMIT": "1000",
    }


def prepare(env):
    """What an installation does before starting: static files (with their manifest), translations."""
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "-m", "thiduaportal.compilemessages"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_server(env, port, workers):
    server = subprocess.Popen(
        [
            GUNICORN,
            "thiduaportal.wsgi",
            "-w",
            str(workers),
            "-b",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited")
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def request(port, method, path, *, cookies=None, form=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    set_cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            set_cookies[key] = rest.split(";", 1)[0]
    conn.close()
    return response.status, text, set_cookies


def sign_in(port, username):
    """The session cookies of `username`, signed in through the sign-in form."""
    status, page, cookies = request(port, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    status, _, more = request(port, "POST", "/accounts/login/", cookies=cookies, form=form)
    cookies.update(more)
    if status != 302 or not any("sessionid" in name for name in cookies):
        raise SystemExit(f"could not sign in as {username} ({status})")
    return cookies


def wrk(port, path, cookies, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    command = [
        WRK,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        "-H",
        f"Cookie: {cookie}",
        f"http://{HOST}:{port}{path}",
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    fields = [int(x) for x in re.search(r"^RESULT (.*)$", output, re.M).group(1).split()]
    requests, duration_us, p50, p95, bad_status, socket_errors = fields
    if bad_status or socket_errors:
        raise SystemExit(f"{path}: {bad_status} non-2xx/3xx answers, {socket_errors} socket errors")
    return requests / (duration_us / 1e6), p50 / 1000, p95 / 1000


def scenarios(django_objects):
    """(viewer, page name, path) for every page of the issue's table."""
    people, top, ideas = django_objects
    q = "/ideas/?q=dam+nghi+dam+lam"
    rows = [
        ("committee", "dashboard", "/"),
        ("committee", "statistics", "/stats/"),
        ("committee", "idea list, page 1", "/ideas/"),
        ("committee", "idea list, page 100", "/ideas/?page=100"),
        ("committee", "search", q),
        ("committee", "idea detail", f"/ideas/{ideas['committee']}/"),
        ("committee", "nominations list", "/awards/nominations/"),
        ("committee", "notifications", "/notifications/"),
        ("head", "dashboard", "/"),
        ("head", "idea list, page 1", "/ideas/"),
        ("head", "idea list, unit filter", f"/ideas/?unit={top}&status=implementing"),
        ("head", "search", q),
        ("head", "idea detail", f"/ideas/{ideas['head']}/"),
        ("head", "review queue", "/ideas/review/"),
        ("head", "nominations list", "/awards/nominations/"),
        ("head", "notifications", "/notifications/"),
        ("staff", "dashboard", "/"),
        ("staff", "idea list, page 1", "/ideas/"),
        ("staff", "search", q),
        ("staff", "idea detail", f"/ideas/{ideas['staff']}/"),
        ("staff", "notifications", "/notifications/"),
    ]
    return rows


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pick_people():
    """A committee member, the head of the top unit with most ideas below it, a staff member with
    ideas; and for each an idea they may open."""
    from django.db.models import Count

    from accounts.models import COMMITTEE_GROUP, Unit, User
    from ideas.models import Idea

    committee = User.objects.filter(groups__name=COMMITTEE_GROUP, username__startswith="bench").order_by(
        "pk"
    )[0]
    top = (
        Unit.objects.filter(parent__code="BENCH-ROOT")
        .exclude(head=None)
        .annotate(n=Count("ideas"))
        .order_by("-n", "pk")[0]
    )
    heads = set(Unit.objects.exclude(head=None).values_list("head", flat=True))
    staff = (
        User.objects.filter(username__startswith="bench", ideas__isnull=False)
        .exclude(pk__in=heads | {committee.pk})
        .order_by("pk")
        .distinct()[0]
    )
    ideas = {
        "committee": Idea.objects.exclude(status="draft").order_by("-pk").values_list("pk", flat=True)[0],
        "head": Idea.objects.filter(unit=top)
        .exclude(status="draft")
        .order_by("-pk")
        .values_list("pk", flat=True)[0],
        "staff": Idea.objects.filter(author=staff).order_by("-pk").values_list("pk", flat=True)[0],
    }
    return {"committee": committee, "head": top.head, "staff": staff}, top.pk, ideas


def count_queries(people, rows, explain):
    """Queries per page through the test client (same settings and database); with `explain`, the
    plans of each page's SELECTs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    clients = {}
    for who, person in people.items():
        clients[who] = Client()
        clients[who].force_login(person)
    for who, name, path in rows:
        client = clients[who]
        client.get(path)  # warm: the session, the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{who} {path}: {response.status_code}")
        counts[(who, path)] = len(captured)
        if explain:
            print(f"\n## {who}: {name} ({path}), {len(captured)} queries")
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                scans = " SEQ SCAN OF ideas_idea" if any(SEQ_SCAN.search(line) for line in plan) else ""
                print(f"\n-- {sql[:300]}{'…' if len(sql) > 300 else ''}{scans}")
                print("\n".join("   " + line for line in plan))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each page (the best is kept)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8207)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--only", help="only the pages whose viewer or name contains one of these (comma-separated)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="thidua-load-"))
    env = server_env(args.port, tmp / "static", tmp / "media")
    prepare(env)
    setup_django(env)
    from ideas.models import Idea

    people, top, ideas = pick_people()
    rows = scenarios((people, top, ideas))
    if args.only:
        wanted = args.only.split(",")
        rows = [row for row in rows if any(word in row[0] or word in row[1] for word in wanted)]
    counts = count_queries(people, rows, args.explain)
    total = Idea.objects.count()
    server = start_server(env, args.port, args.workers)
    try:
        cookies = {who: sign_in(args.port, person.username) for who, person in people.items()}
        for who, _, path in rows:
            status = request(args.port, "GET", path, cookies=cookies[who])[0]
            if status != 200:
                raise SystemExit(f"{who} {path}: {status}")
        print(
            f"\nideas={total} gunicorn workers={args.workers} wrk connections={args.connections} "
            f"{args.duration} s per run, rounds={args.rounds}, load average {os.getloadavg()[0]:.1f}"
        )
        print("| viewer | page | req/s | bare req/s | share of bare | p50 ms | p95 ms | queries |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for who, name, path in rows:
            best = None
            for _ in range(args.rounds):
                bare = wrk(args.port, "/bench/bare/", cookies[who], args.duration, args.connections)
                page = wrk(args.port, path, cookies[who], args.duration, args.connections)
                if best is None or page[0] / bare[0] > best[1][0] / best[0][0]:
                    best = (bare, page)
            bare, (rps, p50, p95) = best
            print(
                f"| {who} | {name} | {rps:.1f} | {bare[0]:.0f} | {100 * rps / bare[0]:.1f} % | "
                f"{p50:.0f} | {p95:.0f} | {counts[(who, path)]} |",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
