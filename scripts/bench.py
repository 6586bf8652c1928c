#!/usr/bin/env python3
"""`make bench`: the main pages under load, on PostgreSQL with 100,000 demo clients.

1. A throwaway PostgreSQL (scripts/with-postgres) unless DATABASE_URL is set; migrate;
   `seed_demo --clients $BENCH_CLIENTS` (100,000), timed.
2. gunicorn with the production settings on 127.0.0.1 (no TLS here, so the HTTPS
   redirect is off; BENCHMARK_BASELINE serves the yardstick page).
3. A caseworker, a supervisor and a superuser (Supervisor role, both teams) sign in the
   honest way: password, then a TOTP code from django_otp through the real
   two-factor page. Their session cookies go to wrk.
4. wrk drives each page at 1 and 32 connections (scripts/bench.lua counts non-200s and
   prints the latency percentiles); a page that answers 404 is skipped with a note.
5. The table goes to stdout and to docs/benchmarks.md, between the markers, so the
   hand-written notes around it survive a rerun.

Environment: BENCH_CLIENTS (100000), BENCH_SECONDS (10 per page and concurrency),
BENCH_CONNECTIONS ("1,32"), WEB_CONCURRENCY (gunicorn workers, 4), BENCH_SKIP_SEED=1
to reuse an already seeded DATABASE_URL.
"""

import datetime
import http.client
import http.cookies
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = ROOT / "scripts" / "bench.lua"
REPORT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,32").split(",")]
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "4"))
SEARCH = "Hossa"  # a partial family name: Hossain is common among the demo clients
PASSWORD = secrets.token_urlsafe(16)
BENCH_ADMIN = "bench-admin"
PROBE_TIMEOUT = 60  # seconds for one request outside the load runs

# Targets, read from the table (not asserted anywhere).
P95_AT_ONE_MS = 150
REPORT_MS = 1000
SHARE_OF_BASELINE = 0.25
MUST_BEAT_ADMIN = ("Client list", "Search", "Client detail")


@dataclass
class Page:
    name: str
    user: str
    path: str


@dataclass
class Result:
    page: Page
    connections: int
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    note: str = ""
    detail: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[bench {datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


# --- Setting up -------------------------------------------------------------------------


def server_env(tmp: Path) -> dict[str, str]:
    """Production settings as a deployment would run them, minus TLS on loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "justicecentre.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_DOCUMENT_ROOT": str(tmp / "documents"),
        # Persistent connections, as docs/deployment.md recommends.
        "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
        "IDLE_TIMEOUT_MINUTES": "600",
        "BENCHMARK_BASELINE": "true",
        "EMAIL_URL": "dummymail://",  # the demo's notifications go nowhere
        "DEMO_PASSWORD": PASSWORD,
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_users(env: dict[str, str]) -> dict[str, dict]:
    """TOTP devices for the bench users, the superuser, and the records the pages show."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connections
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Team, User
    from accounts.roles import Role
    from clients.access import clients_visible_to

    admin, _created = User.objects.get_or_create(username=BENCH_ADMIN)
    admin.full_name = "Benchmark superuser"
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.set_password(PASSWORD)
    admin.save()
    # The admin's client pages are filtered by the access policy: a supervisor of every
    # team sees every client, as the admin list does for a superuser elsewhere.
    admin.groups.set([Group.objects.get(name=Role.SUPERVISOR)])
    for team in Team.objects.all():
        team.supervisors.add(admin)

    users = {}
    for username in ("demo-caseworker", "demo-supervisor", BENCH_ADMIN):
        user = User.objects.get(username=username)
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        visible = clients_visible_to(user)
        # The supervisor's detail page: a client of the team, not the caseworker's own.
        sample = visible.order_by("-pk").first() if username != "demo-caseworker" else None
        sample = sample or visible.order_by("pk").first()
        users[username] = {
            "device": device.pk,
            "client": sample.reference if sample else None,
            "visible": visible.count(),
        }
    connections.close_all()
    return users


def totp_for(device_pk: int) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(pk=device_pk)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, logfile: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our virtualenv's gunicorn, fixed arguments
        [
            GUNICORN,
            "justicecentre.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile.open("wb"),
        stderr=subprocess.STDOUT,
    )
    for _attempt in range(150):
        if process.poll() is not None:
            sys.exit(f"gunicorn exited; see {logfile}")
        try:
            if Session(port).get("/health/")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not come up; see {logfile}")


# --- Signing in with a plain HTTP client ------------------------------------------------


class Session:
    """Cookies by hand: the production cookies are Secure, which cookie jars will not
    send over plain HTTP; the server does not care on loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=PROBE_TIMEOUT)
        headers = {"Cookie": self.cookie_header()}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, response.headers.get("Location", ""), text

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, str, str]:
        return self.request("POST", path, form)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        sys.exit("no CSRF token on the sign-in page")
    return match.group(1)


def sign_in(port: int, username: str, device_pk: int) -> Session:
    session = Session(port)
    _status, _location, page = session.get("/accounts/login/")
    status, location, _page = session.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
    )
    if status != 302 or "login" in location:
        sys.exit(f"{username}: password sign-in failed ({status})")
    _status, _location, page = session.get("/accounts/two-factor/verify/")
    status, _location, _page = session.post(
        "/accounts/two-factor/verify/",
        {"token": totp_for(device_pk), "csrfmiddlewaretoken": csrf_token(page)},
    )
    if status != 302:
        sys.exit(f"{username}: two-factor verification failed ({status})")
    if session.get("/")[0] != 200:
        sys.exit(f"{username}: the dashboard does not open after two-factor")
    return session


# --- Load -------------------------------------------------------------------------------


def run_wrk(port: int, session: Session, page: Page, connections: int) -> Result:
    threads = min(connections, 2)
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{SECONDS}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(LUA),
        "-H",
        f"Cookie: {session.cookie_header()}",
        f"http://127.0.0.1:{port}{page.path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    result = Result(page=page, connections=connections, detail=data)
    result.rps = data["requests"] / (data["duration_us"] / 1e6)
    result.p50, result.p95, result.p99 = (data[k] / 1000 for k in ("p50", "p95", "p99"))
    result.errors = data["socket_errors"] + data["timeouts"] + data["not_ok"]
    if data["not_ok"]:
        result.note = f"non-200 answers, last {data['last_status']}"
    return result


def pages(users: dict[str, dict]) -> list[Page]:
    listed = []
    for user in ("demo-caseworker", "demo-supervisor"):
        ref = users[user]["client"]
        listed += [
            Page("Dashboard", user, "/"),
            Page("Client list", user, "/clients/"),
            Page("Search", user, f"/clients/?q={SEARCH}"),
            Page("Client detail", user, f"/clients/{ref}/"),
            Page("Deadlines", user, "/deadlines/"),
            Page("Supervision", user, "/supervision/"),
            Page("Reports", user, "/reports/"),
        ]
    return [
        Page("Baseline", "demo-caseworker", "/benchmark/baseline/"),
        *listed,
        Page("Admin list", BENCH_ADMIN, "/admin/clients/client/"),
        Page("Admin search", BENCH_ADMIN, f"/admin/clients/client/?q={SEARCH}"),
    ]


def settle(port: int, limit: float = 180) -> None:
    """Wait until the workers have finished what wrk left queued (a slow page's requests
    outlive the run), so the next page is measured on an idle server."""
    ends = time.monotonic() + limit
    while time.monotonic() < ends:
        began = time.monotonic()
        try:
            if Session(port).get("/health/")[0] == 200 and time.monotonic() - began < 0.5:
                return
        except OSError:
            pass
        time.sleep(1)


def measure(
    port: int, session: Session, page: Page, results: list[Result], skipped: list[str]
) -> None:
    who = page.user.removeprefix("demo-")
    try:
        status = session.get(page.path)[0]
        if status == 200:
            for _warm in range(3):
                session.get(page.path)
    except TimeoutError:
        skipped.append(f"{page.name} ({who}): no answer within {PROBE_TIMEOUT} s")
        log(f"skip {page.name} as {page.user}: timed out")
        settle(port)
        return
    if status != 200:
        why = "404 (not built yet?)" if status == 404 else f"answers {status} for this user"
        skipped.append(f"{page.name} ({who}): {why}")
        log(f"skip {page.name} as {page.user}: {status}")
        return
    for connections in CONNECTIONS:
        result = run_wrk(port, session, page, connections)
        results.append(result)
        log(
            f"{page.name:<14} {page.user:<16} c={connections:<3} {result.rps:7.1f} req/s"
            f"  p95 {result.p95:7.1f} ms  errors {result.errors}"
        )
        settle(port)
        if not result.detail.get("requests"):
            # Far too slow for more load to say anything; it would only queue up.
            skipped.append(f"{page.name} ({who}): more connections not tried")
            return


# --- Reporting --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    from django.db import connection

    connection.ensure_connection()
    major, minor = divmod(connection.pg_version, 10000)
    connection.close()
    wrk = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "--version"], capture_output=True, text=True, check=False
    )
    return {
        "CPU": f"{cpu} ({os.cpu_count()} cores, nproc {len(os.sched_getaffinity(0))})",
        "Memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": f"{major}.{minor}",
        "Load tool": (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0],
        # Anything else running on the machine shows here and in every figure below.
        "Load average (1/5/15 min) at the end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def targets(result: Result, baseline: Result | None, admin: Result | None) -> list[str]:
    """The issue's targets this row misses, in words."""
    misses = []
    if not result.detail.get("requests"):
        # wrk counts only answers within the run: a page slower than that shows 0 req/s.
        misses.append(f"no answer within the {SECONDS} s run")
    if result.errors:
        misses.append(f"{result.errors} errors")
    if result.connections == 1 and result.p95 > P95_AT_ONE_MS:
        misses.append(f"p95 {result.p95:.0f} ms > {P95_AT_ONE_MS} ms")
    if result.page.name == "Reports" and result.p95 > REPORT_MS:
        misses.append(f"p95 {result.p95:.0f} ms > 1 s")
    if result.page.name in MUST_BEAT_ADMIN:
        if baseline and result.rps < SHARE_OF_BASELINE * baseline.rps:
            misses.append(f"{result.rps / baseline.rps:.0%} of baseline < 25%")
        if admin and result.rps <= admin.rps:
            misses.append("not faster than the admin list")
    return misses


def table(results: list[Result], skipped: list[str]) -> tuple[str, list[str]]:
    by_key = {(r.page.name, r.connections): r for r in results}
    lines = [
        "| page | user | conn | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| vs baseline | vs admin list | misses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    misses_all = []
    for r in results:
        baseline = by_key.get(("Baseline", r.connections))
        admin = by_key.get(("Admin list", r.connections))
        misses = targets(r, baseline, admin)
        who = r.page.user.removeprefix("demo-")
        if misses:
            misses_all.append(f"{r.page.name} ({who}, {r.connections} conn): {'; '.join(misses)}")
        lines.append(
            f"| {r.page.name} | {who} | {r.connections} | {r.rps:.1f} | {r.p50:.0f} "
            f"| {r.p95:.0f} | {r.p99:.0f} | {r.errors} "
            f"| {r.rps / baseline.rps:.2f} | {r.rps / admin.rps:.2f} | "
            f"{'; '.join(misses) or 'ok'}{' (' + r.note + ')' if r.note else ''} |"
            if baseline and admin and baseline.rps and admin.rps
            else f"| {r.page.name} | {who} | {r.connections} | {r.rps:.1f} | {r.p50:.0f} "
            f"| {r.p95:.0f} | {r.p99:.0f} | {r.errors} | | | {'; '.join(misses) or 'ok'} |"
        )
    for note in skipped:
        lines.append(f"| {note} | | | | | | | | | | skipped |")
    return "\n".join(lines), misses_all


def write_report(text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    if REPORT.exists() and START in REPORT.read_text():
        before, rest = REPORT.read_text().split(START, 1)
        after = rest.split(END, 1)[1] if END in rest else ""
        REPORT.write_text(before + block + after)
    else:
        REPORT.write_text(
            "# Benchmarks\n\n`make bench` writes the block below; notes outside it are kept.\n\n"
            + block
            + "\n"
        )


# --- The run ----------------------------------------------------------------------------


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        # A throwaway PostgreSQL of our own for the whole run.
        os.execv(  # noqa: S606 - our own wrapper script
            str(ROOT / "scripts" / "with-postgres"),
            [str(ROOT / "scripts" / "with-postgres"), PYTHON, __file__, *sys.argv[1:]],
        )
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does this as root)")
    tmp = Path(tempfile.mkdtemp(prefix="justicecentre-bench-"))
    env = server_env(tmp)
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v", "0")
    seed_seconds = None
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        log(f"seeding {CLIENTS} clients")
        began = time.monotonic()
        manage(env, "seed_demo", "--clients", str(CLIENTS))
        seed_seconds = time.monotonic() - began
        log(f"seeded in {seed_seconds:.0f} s")
    else:
        manage(env, "seed_demo", "--clients", "0")  # only resets the demo passwords
    manage(env, "collectstatic", "--no-input", "-v", "0")
    users = prepare_users(env)
    port = free_port()
    server_log = tmp / "gunicorn.log"
    server = start_gunicorn(env, port, server_log)
    results: list[Result] = []
    skipped: list[str] = []
    try:
        sessions = {name: sign_in(port, name, info["device"]) for name, info in users.items()}
        for page in pages(users):
            measure(port, sessions[page.user], page, results, skipped)
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows, misses = table(results, skipped)
    info = machine()
    now = datetime.datetime.now(datetime.UTC)
    visible = ", ".join(
        f"{name.removeprefix('demo-')} sees {info_['visible']:,}" for name, info_ in users.items()
    )
    text = "\n".join(
        [
            f"## Run of {now:%Y-%m-%d %H:%M} UTC",
            "",
            *(f"- {key}: {value}" for key, value in info.items()),
            f"- Data: {CLIENTS:,} demo clients (`seed_demo --clients {CLIENTS}`"
            + (f", seeded in {seed_seconds:.0f} s" if seed_seconds else "")
            + f"); {visible} clients.",
            f"- Server: gunicorn, {WORKERS} sync workers, production settings, "
            f"DJANGO_CONN_MAX_AGE={env['DJANGO_CONN_MAX_AGE']}, on the same machine as "
            "PostgreSQL and wrk.",
            f"- Load: wrk, {SECONDS} s per page at each of {', '.join(map(str, CONNECTIONS))} "
            "connections, each page warmed with 3 requests first; search is "
            f"`?q={SEARCH}`.",
            "- vs baseline / vs admin list: the page's requests per second divided by the "
            "baseline's / the admin client list's, at the same concurrency.",
            "",
            rows,
            "",
            "Targets missed:" if misses else "Every target met.",
            *(f"- {m}" for m in misses),
        ]
    )
    write_report(text)
    print()
    print(text)
    log(f"done in {time.monotonic() - started:.0f} s; report in {REPORT.relative_to(ROOT)}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
