"""`make bench`: 100,000 synthetic practices (with their reviews) and 5,000 grant proposals in PostgreSQL, the
app under gunicorn (2 workers) with a Celery worker, driven by 1 and by 8 concurrent clients; prints and writes a
table of server time, throughput, queries and bytes per page, and each search's raw-SQL floor.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_bench), BENCH_REDIS_URL
(default redis://127.0.0.1:6379/7), BENCH_PRACTICES (100000), BENCH_PROPOSALS (5000), BENCH_REQUESTS (requests
per client count), BENCH_PAGES (comma-separated words; only the pages whose name contains one of them are run,
e.g. "home,country")."""

import base64
import gzip
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PRACTICES = int(os.environ.get("BENCH_PRACTICES", "100000"))
PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "80"))
PAGES = [word.strip() for word in os.environ.get("BENCH_PAGES", "").split(",") if word.strip()]
ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "BENCH_METRICS": "true",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "SITE_URL": "http://127.0.0.1:%s" % PORT,
    "LOG_LEVEL": "WARNING",
}


def manage(*args, quiet=True):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL if quiet else None
    )


def ensure_database():
    import psycopg2

    url = urlparse(ENV["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute('CREATE DATABASE "%s"' % name)
    admin.close()
    manage("migrate", "--noinput")
    os.environ.update(ENV)
    import django

    django.setup()
    from grants.models import Proposal
    from portal.taxonomy.models import Country
    from practices.models import Practice

    if not Country.objects.exists():
        manage("load_taxonomy")
    if Practice.objects.published().count() < PRACTICES or Proposal.objects.count() < PROPOSALS:
        print(
            "Generating %s practices and %s proposals (once; reused by later runs)…" % (PRACTICES, PROPOSALS),
            flush=True,
        )
        manage(
            "generate_load_data",
            "--practices",
            str(PRACTICES),
            "--campaigns",
            "500",
            "--proposals",
            str(PROPOSALS),
            "--clear",
            quiet=False,
        )
    manage("collectstatic", "--noinput")


@dataclass
class Sample:
    server_ms: float
    wall_ms: float
    queries: int
    size: int
    gzipped: int
    status: int


@dataclass
class Row:
    name: str
    url: str
    runs: dict = field(default_factory=dict)  # clients → (samples, seconds)
    floor_ms: float | None = None
    cold_ms: float | None = None  # the first request after the index changed: nothing cached yet


def fetch(connection, url) -> Sample:
    started = time.perf_counter()
    connection.request("GET", url, headers={"Accept": "text/html,application/json,*/*"})
    response = connection.getresponse()
    body = response.read()
    wall = (time.perf_counter() - started) * 1000
    return Sample(
        float(response.getheader("X-Bench-Time-Ms") or 0),
        wall,
        int(response.getheader("X-Bench-Queries") or 0),
        len(body),
        len(gzip.compress(body, 6)),
        response.status,
    )


def drive(urls: list[str], clients: int, total: int) -> tuple[list[Sample], float]:
    samples, lock = [], threading.Lock()
    counter = iter(range(total))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        for index in counter:
            sample = fetch(connection, urls[index % len(urls)])
            with lock:
                samples.append(sample)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def percentile(values, p):
    values = sorted(values)
    return values[min(int(round(p / 100 * (len(values) - 1))), len(values) - 1)]


def scenarios():
    from portal.site.loaddata.vocabulary import BENCH_COMMON_WORD, BENCH_RARE_WORD
    from portal.taxonomy.models import Country, TargetGroup, Theme
    from practices.models import Practice

    ids = list(Practice.objects.published().order_by("-published_at").values_list("pk", flat=True)[:2000:40])
    theme = Theme.objects.order_by("position", "slug").first().slug
    group = TargetGroup.objects.order_by("position", "slug").first().slug
    country = Country.objects.filter(practice__state="published").order_by("code").first()
    # The keyset cursor that `?cursor=` pages hand out for the page after row 80,000 (DRF's encoding: "p=<position>").
    deep = Practice.objects.published().order_by("-published_at", "-id").values_list("published_at", flat=True)[79_999]
    cursor = base64.b64encode(urlencode({"p": str(deep)}).encode()).decode()
    return [
        ("home", ["/en/"], None),
        (
            "search: rare word + 2 facets",
            ["/en/search/?q=%s&theme=%s&target_group=%s" % (BENCH_RARE_WORD, theme, group)],
            {"q": BENCH_RARE_WORD, "theme": [theme], "target_group": [group]},
        ),
        ("search: word in most rows", ["/en/search/?q=%s" % BENCH_COMMON_WORD], {"q": BENCH_COMMON_WORD}),
        ("browse: facets, no text", ["/en/search/"], {}),
        ("practice page", ["/en/practices/%s/" % pk for pk in ids], None),
        ("country profile", ["/en/countries/%s/" % country.code], None),
        ("API list of 50, page 1", ["/api/v1/practices/?page_size=50"], None),
        ("API list of 50, deep (offset 80,000)", ["/api/v1/practices/?page_size=50&page=1601"], None),
        ("API list of 20, page 4,000 (offset 79,980)", ["/api/v1/practices/?page=4000"], None),
        ("API list of 50, cursor, page 1", ["/api/v1/practices/?page_size=50&cursor="], None),
        (
            "API list of 50, cursor after row 80,000",
            ["/api/v1/practices/?page_size=50&%s" % urlencode({"cursor": cursor})],
            None,
        ),
        ("API detail", ["/api/v1/practices/%s/" % pk for pk in ids], None),
        ("RSS feed", ["/en/search/feed.rss"], None),
    ]


def cold_ms(url: str) -> float:
    """Server time of one request right after the index version changed (as after a publication), before the
    beat's cache warming or any other request computed the figures."""
    from portal.search.services import bump_index_version

    bump_index_version()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        return fetch(connection, url).server_ms
    finally:
        connection.close()


def floor_ms(query: dict) -> float:
    """The same search's SQL run directly: statements captured from search() with caching off, then replayed."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import override_settings
    from django.utils import translation

    from portal.search.query import SearchParams, search

    qd = QueryDict(mutable=True)
    for key, value in query.items():
        qd.setlist(key, value if isinstance(value, list) else [value])
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with override_settings(SEARCH_CACHE_TIMEOUT=0), translation.override("en"), connection.execute_wrapper(capture):
        search(SearchParams.from_query(qd), language="en")
    timings = []
    with connection.cursor() as cursor:
        for _ in range(7):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def first_visit_kb() -> tuple[float, list[str]]:
    """Home HTML plus the CSS, JS and fonts it loads, as transferred with gzip accepted."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def get(url):
        connection.request("GET", url, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        raw = gzip.decompress(body) if response.getheader("Content-Encoding") == "gzip" else body
        sent = body if response.getheader("Content-Encoding") else gzip.compress(body, 6)
        return len(sent), raw

    total, html = get("/en/")
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|woff2?))"', html)
    seen = []
    for asset in dict.fromkeys(assets):
        size, body = get(asset.decode())
        total += size
        seen.append(asset.decode())
        if asset.endswith(b".css"):
            for font in re.findall(rb"url\(['\"]?([^'\")]+\.woff2?)", body):
                path = (
                    font.decode() if font.startswith(b"/") else asset.decode().rsplit("/", 1)[0] + "/" + font.decode()
                )
                if path not in seen:
                    size, _ = get(path)
                    total += size
                    seen.append(path)
    return total / 1024, seen


def wait_for_server():
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def table(rows: list[Row]) -> str:
    lines = [
        "| page | clients | p50 ms | p95 ms | max ms | req/s | queries | bytes | gzipped | SQL floor ms | p50 ÷ floor"
        " | cold ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for clients, (samples, seconds) in row.runs.items():
            server = [s.server_ms for s in samples]
            bad = sum(1 for s in samples if s.status >= 400)
            floor = row.floor_ms
            lines.append(
                "| %s%s | %s | %.1f | %.1f | %.0f | %.1f | %s | %s | %s | %s | %s | %s |"
                % (
                    row.name,
                    " (%s errors)" % bad if bad else "",
                    clients,
                    percentile(server, 50),
                    percentile(server, 95),
                    max(server),
                    len(samples) / seconds,
                    max(s.queries for s in samples),
                    int(statistics.median(s.size for s in samples)),
                    int(statistics.median(s.gzipped for s in samples)),
                    "%.1f" % floor if floor else "",
                    "%.1f×" % (percentile(server, 50) / floor) if floor else "",
                    "%.0f" % row.cold_ms if row.cold_ms is not None and clients == 1 else "",
                )
            )
    return "\n".join(lines)


def machine() -> str:
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s cores, %.0f GB RAM, %s, Python %s" % (cores, memory, platform.platform(), platform.python_version())


def main():
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    ensure_database()
    processes = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "portal.wsgi", "-w", "2", "-b", "127.0.0.1:%s" % PORT, "--log-level", "warning"],
            cwd=ROOT,
            env=ENV,
        ),
        subprocess.Popen(
            [str(BIN / "celery"), "-A", "portal", "worker", "-c", "2", "-Q", "portal", "--loglevel", "WARNING"],
            cwd=ROOT,
            env=ENV,
        ),
    ]
    try:
        wait_for_server()
        rows = []
        for name, urls, query in scenarios():
            if PAGES and not any(word in name for word in PAGES):
                continue
            row = Row(name, urls[0])
            drive(urls, 2, 6)  # warm up both workers
            if query is not None:
                row.cold_ms = cold_ms(urls[0])
            for clients in (1, 8):
                row.runs[clients] = drive(urls, clients, REQUESTS if clients == 1 else REQUESTS * 2)
            if query is not None:
                row.floor_ms = floor_ms(query)
            rows.append(row)
            print("  %s done" % name, flush=True)
        visit, assets = first_visit_kb()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    from practices.models import Practice

    now = datetime.now(UTC)
    report = "\n".join(
        [
            "# Benchmark %s" % now.strftime("%Y-%m-%d %H:%M UTC"),
            "",
            "Machine: %s. PostgreSQL and Redis on the same machine. Data: %s published practices."
            % (machine(), Practice.objects.published().count()),
            "gunicorn 2 workers (sync) + 1 Celery worker; %s requests with 1 client, %s with 8; times are server"
            " time (X-Bench-Time-Ms); queries is the maximum per request; gzipped is the body compressed at"
            " level 6." % (REQUESTS, REQUESTS * 2),
            "",
            table(rows),
            "",
            "First visit (home HTML + %s CSS/JS/font files, compressed): %.0f KB." % (len(assets), visit),
            "",
        ]
    )
    print(report)
    if PAGES:
        return  # a subset is printed, never written over the full results
    out = ROOT / "benchmarks" / "results" / ("%s.md" % now.strftime("%Y-%m-%d"))
    out.write_text(report)
    print("Written to %s" % out.relative_to(ROOT))


if __name__ == "__main__":
    main()
