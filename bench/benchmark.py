"""Every public page type over HTTP, as users meet it: production settings, gunicorn, PostgreSQL.

Run it with `bash bench/run` (which starts a throw-away PostgreSQL cluster); results: docs/performance.md.

For each size: a fresh database, migrate, the starting data, `synthetic_catalog` for the larger sizes, then
gunicorn with the production settings (2 workers, DEBUG off, whitenoise) on loopback, and sequential requests
over one keep-alive connection. The baseline is a bare Django view on the same server (`/bench/baseline/`,
routekaart/bench.py, only with BENCH_BASELINE on), which also adds a header with each request's query count.
Times are what the client sees on loopback: from sending the request to the last byte of the body.
"""

import argparse
import http.client
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
STARTING_INSTRUMENTS = 37  # instruments in the starting data (fixtures/); "x100" adds 99 times as many
TARGET_MS, TARGET_KB = 50, 300  # issue 12: every public page at 100,000 instruments, p95 uncached

ROUTE = "/route/?regio=twente&type=B&factor=kennis&factor=arbeid"
# (name, path, cache): cache "clear" empties the cache table before every request (an uncached page), all
# but the catalogue version (common.pagecache): the record sets a process keeps for that version stay, as they
# do for every other page (a new version is a change to the catalogue, not an empty cache).
PAGES = [
    ("bare Django view (baseline)", "/bench/baseline/", None),
    ("home", "/", None),
    ("instruments", "/instrumenten/", None),
    ("instruments, page 3", "/instrumenten/?page=3", None),
    ("instruments, factors + region", "/instrumenten/?factor=kennis&factor=netwerk&regio=twente", None),
    ("instruments, kind + size + word", "/instrumenten/?soort=subsidie&grootte=klein&q=innovatie", None),
    ("organisations", "/organisaties/", None),
    ("organisations, kind + region", "/organisaties/?soort=kennisinstelling&regio=overijssel", None),
    ("practice examples", "/praktijkvoorbeelden/", None),
    ("practice examples, theme + factor", "/praktijkvoorbeelden/?thema=maakindustrie&factor=arbeid", None),
    ("kennisbank", "/kennisbank/", None),
    ("kennisbank, form + level + region", "/kennisbank/?vorm=stage&niveau=mbo&regio=twente", None),
    ("learning communities", "/leergemeenschappen/", None),
    ("learning communities, status + region", "/leergemeenschappen/?status=actief&regio=overijssel", None),
    ("ambassadors", "/ambassadeurs/", None),
    ("ambassadors, factor + region", "/ambassadeurs/?factor=arbeid&regio=twente", None),
    ("instrument", "/instrumenten/mit-haalbaarheidsproject/", None),
    ("organisation (kennisinstelling)", "/organisaties/windesheim/", None),
    ("organisation (loket Novel-T)", "/organisaties/novel-t/", None),
    ("organisation (loket Kennispoort)", "/organisaties/kennispoort-regio-zwolle/", None),
    ("practice example", "/praktijkvoorbeelden/civ-polymeren-coatings-en-composieten/", None),
    ("knowledge offer", "/kennisbank/stage-innovatiehub-salland/", None),
    ("learning community", "/leergemeenschappen/techwise-twente/", None),
    ("ambassador, with the loket of a region", "/ambassadeurs/elbert-jan-hesse/?regio=twente", None),
    ("checklist", "/checklists/samenwerken-met-een-hogeschool-of-mbo-school/", None),
    ("innovation factor", "/innovatiefactoren/kennis/", None),
    ("region Twente", "/regio/twente/", None),
    ("region Overijssel", "/regio/overijssel/", None),
    ("municipality Rijssen-Holten", "/regio/rijssen-holten/", None),
    ("search, one word", "/zoeken/?q=kennisvoucher", None),
    ("search, broad word", "/zoeken/?q=subsidie", None),
    ("search, two words", "/zoeken/?q=subsidie+innovatie", None),
    ("search, three words", "/zoeken/?q=samenwerken+hogeschool+twente", None),
    ("quickscan", "/route/", None),
    ("route B, knowledge + labour, Twente", ROUTE, None),
    (
        "route C, finance + labour, Salland",
        "/route/?regio=salland&type=C&factor=financiering&factor=arbeid",
        None,
    ),
    (
        "route A, all answers, Rijssen-Holten",
        "/route/?regio=rijssen-holten&type=A&factor=kennis&factor=netwerk&grootte=klein&sector=maakindustrie"
        "&doel=nieuw",
        None,
    ),
    ("route D, network, Zwolle", "/route/?regio=zwolle&type=D&factor=netwerk", None),
    ("question to the loket (form)", "/route/vraag/?regio=twente&type=B&factor=kennis&factor=arbeid", None),
    ("/dekking/, uncached", "/dekking/", "clear"),
    ("/dekking/, cached", "/dekking/", None),
    ("/dekking/?regio=twente, cached", "/dekking/?regio=twente", None),
    ("/dekking/regio.csv, cached", "/dekking/regio.csv", None),
    ("/dekking/vraag/, uncached", "/dekking/vraag/", "clear"),
    ("/dekking/vraag/, cached", "/dekking/vraag/", None),
    ("report form", "/melden/instrument/mit-haalbaarheidsproject/", None),
    ("join a learning community (form)", "/leergemeenschappen/techwise-twente/meedoen/", None),
    ("share knowledge (form)", "/kennisbank/delen/?regio=twente", None),
    ("contact", "/contact/", None),
    ("privacy", "/privacy/", None),
    ("accessibility", "/toegankelijkheid/", None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="+", help="xN (N times the starting data) or N synthetic instruments"
    )
    parser.add_argument("--runs", type=int, help="timed requests per page (default 30, --quick 5)")
    parser.add_argument("--quick", action="store_true", help="smoke run: starting data, 5 requests per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds per page: stop early, after at least 3 requests"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure an existing bench_* database (from --keep) as it is"
    )
    parser.add_argument("--only", nargs="+", help="measure only pages whose name contains one of these words")
    parser.add_argument("--keep", action="store_true", help="keep the databases (bench_*) afterwards")
    parser.add_argument("--database", help="with --reuse: the database to measure (default bench_<size>)")
    parser.add_argument("--output", help="also write the markdown report to this file")
    args = parser.parse_args()
    if args.only:  # the baseline always
        PAGES[1:] = [page for page in PAGES[1:] if any(word in page[0] for word in args.only)]
    sizes = args.sizes or (["x1"] if args.quick else ["x1", "x100", "100000"])
    runs = args.runs or (5 if args.quick else 30)
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server; `bash bench/run` starts one.")

    static_root = tempfile.mkdtemp(prefix="routekaart-bench-static-")
    report = [header(runs)]
    try:
        for size in sizes:
            report.append(
                bench_size(
                    server_url,
                    size,
                    runs,
                    args.budget,
                    static_root,
                    keep=args.keep,
                    reuse=args.reuse,
                    name=args.database,
                )
            )
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    text = "\n".join(report)
    print("\n" + text)
    if args.output:
        Path(args.output).write_text(text + "\n")


def header(runs):
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    conn_max_age = os.environ.get("CONN_MAX_AGE", "60")
    return (
        f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}, Python "
        f"{platform.python_version()}; load average at start {load} (1/5/15 min). Up to {runs} timed "
        "requests per page (n; fewer when a page takes over its time budget) after 2 warm-up requests, "
        f"sequential, one keep-alive connection; CONN_MAX_AGE={conn_max_age}. Times in ms as the client "
        "sees them on loopback; ratio = p95 / p95 of the bare view; bold: over "
        f"{TARGET_MS} ms or {TARGET_KB} KB uncached, over 3× the bare view cached."
    )


def bench_size(server_url, size, runs, budget, static_root, *, keep, reuse, name=None):
    name = name or f"bench_{size.lower()}"
    database_url = with_database(server_url, name)
    env = production_env(database_url, static_root)
    started = time.monotonic()
    synthetic = ""
    if reuse:
        manage(env, "collectstatic", "--noinput", "-v0")
    else:
        recreate(server_url, name)
        synthetic = prepare(env, database_url, size, static_root)
    counts = record_counts(database_url)
    print(f"[{size}] database ready in {time.monotonic() - started:.0f} s ({counts})", flush=True)

    passes = {}
    # Uncached: the page cache off, so every request renders its page (record sets and the coverage
    # matrices are kept as in production). Cached: the same pages again with the page cache on.
    for name_of_pass, page_cache_seconds in (("uncached", "0"), ("cached", "600")):
        port = free_port()
        server = start_gunicorn({**env, "PAGE_CACHE_SECONDS": page_cache_seconds}, port)
        try:
            print(f"[{size}] {name_of_pass}", flush=True)
            passes[name_of_pass] = measure(port, runs, budget, database_url)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    if not keep and not reuse:  # a database measured with --reuse is kept
        drop(server_url, name)
    return table(size, counts, synthetic, passes["uncached"], passes["cached"])


def prepare(env, database_url, size, static_root):
    """Migrate, load the starting data and grow it; returns what synthetic_catalog said, with its time."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "load_portal_data", "-v0")
    synthetic = ""
    instruments = synthetic_instruments(size)
    if instruments:
        start = time.monotonic()
        output = manage(env, "synthetic_catalog", "--instruments", str(instruments))
        synthetic = (
            f" `synthetic_catalog --instruments {instruments}` took {time.monotonic() - start:.0f} s: "
        )
        synthetic += output.strip().splitlines()[-1] if output.strip() else ""
    else:
        # The loader leaves the planner statistics to autovacuum; a fresh server would have them by now.
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("ANALYZE")
    if not os.listdir(static_root):
        manage(env, "collectstatic", "--noinput", "-v0")
    return synthetic


def synthetic_instruments(size):
    if size.startswith("x"):
        return STARTING_INSTRUMENTS * (int(size[1:]) - 1)
    return int(size)


def production_env(database_url, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "routekaart.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "BENCH_BASELINE": "1",
        "LOG_LEVEL": "WARNING",
        # as compose.yaml deploys it: one database connection per worker, kept between requests
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
    }


def manage(env, *command):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_gunicorn(env, port):
    # gthread: the sync worker closes every connection, so a keep-alive client would reconnect each time.
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "routekaart.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "1",
            "--keep-alive",
            "60",
            "--timeout",  # production's default is 30 s; a slower page is measured, not killed
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench/baseline/", headers=HEADERS)
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not answer within 60 s")


# Behind the TLS proxy of production: without this header the production settings redirect to https.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "nl"}


def measure(port, runs, budget, database_url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    cache = psycopg.connect(database_url, autocommit=True)
    rows = []
    try:
        for name, path, cache_mode in PAGES:
            timings, queries, size, status, reconnects, first = [], set(), 0, set(), 0, None
            page_started, warm_ups = time.monotonic(), 2
            for attempt in range(runs + 2):  # at most two warm-up requests
                spent = time.monotonic() - page_started
                if timings and spent > budget and (len(timings) >= 3 or spent > 3 * budget):
                    break  # at least three timed requests, or one when a single request takes the budget
                if cache_mode == "clear":
                    cache.execute(
                        "DELETE FROM routekaart_cache WHERE cache_key NOT LIKE %s", ["%:pagecache:version"]
                    )
                start = time.perf_counter()
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - start) * 1000
                if response.getheader("Connection", "").lower() == "close":
                    reconnects += 1
                if attempt == 0:
                    first = elapsed  # the first request after start: it reads the record sets it needs
                    if elapsed > 1000:
                        warm_ups = 1  # a slow page is warm after one request
                if attempt >= warm_ups:
                    timings.append(elapsed)
                    queries.add(int(response.getheader("X-Bench-Queries", "-1")))
                    size, status = len(body), status | {response.status}
            rows.append((name, path, cache_mode, timings, queries, size, status, reconnects, first))
            print(
                f"  {name:36} {statistics.median(timings):7.1f} ms, p95 {percentile(timings, 95):7.1f} ms"
                f"  n {len(timings):2}  queries {'/'.join(map(str, sorted(queries)))}  {size / 1024:.0f} KB"
                f"  status {','.join(map(str, sorted(status)))}",
                flush=True,
            )
    finally:
        cache.close()
        connection.close()
    return rows


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


def table(size, counts, synthetic, rows, cached_rows):
    baseline = percentile(rows[0][3], 95)
    cached_baseline = percentile(cached_rows[0][3], 95)
    cached = {row[0]: row for row in cached_rows}
    lines = [
        "",
        f"### {size}: {counts}",
        "",
        f"{synthetic}" if synthetic else "",
        "",
        f"Load average after measuring: {' / '.join(f'{value:.2f}' for value in os.getloadavg())}.",
        "",
        "Uncached: page cache off. First: the first request to the page after the server started (it "
        "reads the record sets the page needs, unless an earlier page read them). Cached: the same page "
        "repeated with the page cache on, and its ratio to the bare view in that pass.",
        "",
        "| page | first ms | median ms | p95 ms | p95 / bare | queries | KB | n | status "
        "| cached p95 ms | cached / bare |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for name, path, _cache, timings, queries, size_bytes, status, reconnects, first in rows:
        p95, kb = percentile(timings, 95), size_bytes / 1024
        over = p95 > TARGET_MS or kb > TARGET_KB
        queries_text = "/".join(str(q) for q in sorted(queries))
        label = f"{name} `{path}`" + (" (reconnected)" if reconnects else "")
        mark = "**" if over and name != rows[0][0] else ""
        cached_p95 = percentile(cached[name][3], 95) if name in cached else None
        cached_mark = "**" if cached_p95 and cached_p95 > 3 * cached_baseline and name != rows[0][0] else ""
        cached_text = (
            f"{cached_mark}{cached_p95:.1f}{cached_mark} | {cached_p95 / cached_baseline:.1f}×"
            if cached_p95
            else "– | –"
        )
        lines.append(
            f"| {label} | {first:.1f} | {statistics.median(timings):.1f} | {mark}{p95:.1f}{mark} "
            f"| {p95 / baseline:.0f}× | {queries_text} "
            f"| {mark if kb > TARGET_KB else ''}{kb:.0f}{mark if kb > TARGET_KB else ''} "
            f"| {len(timings)} | {','.join(map(str, sorted(status)))} | {cached_text} |"
        )
    return "\n".join(line for line in lines if line is not None)


def record_counts(database_url):
    tables = {
        "instruments": "catalog_instrument",
        "organisations": "catalog_organisation",
        "practice examples": "catalog_practiceexample",
        "memberships": "catalog_membership",
        "regions": "catalog_region",
    }
    with psycopg.connect(database_url) as connection:
        return ", ".join(
            f"{connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,} {label}"  # noqa: S608
            for label, table in tables.items()
        )


def with_database(server_url, name):
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate(server_url, name):
    drop(server_url, name)
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop(server_url, name):
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
