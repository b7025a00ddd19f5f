"""Load test: many concurrent clients over a realistic mix of public pages, against the bench's server.

Run it with `bash bench/load` (a throw-away PostgreSQL cluster, like bench/run); results: docs/performance.md.

The server is the benchmark's (bench/benchmark.py): a fresh database, migrate, the starting data,
`synthetic_catalog --instruments N` if asked, then gunicorn with the production settings (2 workers) on
loopback. The clients are asyncio tasks in this process, each with its own keep-alive connection, sending the
next request as soon as the last one has been read (no think time unless --think): a closed loop, so the
throughput is what the server manages. A request counts as an error unless it answers 200 within the timeout.
"""

import argparse
import asyncio
import contextlib
import os
import platform
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg
from benchmark import (
    HEADERS,
    drop,
    free_port,
    manage,
    percentile,
    prepare,
    production_env,
    record_counts,
    recreate,
    start_gunicorn,
    with_database,
)

WORDS = [
    "kennisvoucher",
    "subsidie",
    "subsidie innovatie",
    "samenwerken hogeschool twente",
    "haalbaarheid",
    "stage",
    "netwerk",
    "lening",
    "circulair",
    "technologie",
]
ROUTE_REGIONS = ["twente", "salland", "zwolle", "rijssen-holten"]  # a route needs a region, not the province
FACTORS = ["kennis", "netwerk", "financiering", "arbeid"]
LISTS = [
    "/instrumenten/",
    "/instrumenten/?page=2",
    "/instrumenten/?factor=kennis&factor=netwerk&regio=twente",
    "/instrumenten/?soort=subsidie&grootte=klein&q=innovatie",
    "/instrumenten/?factor=financiering&regio=salland",
    "/organisaties/",
    "/organisaties/?soort=kennisinstelling&regio=overijssel",
    "/praktijkvoorbeelden/",
    "/praktijkvoorbeelden/?thema=maakindustrie&factor=arbeid",
    "/kennisbank/",
    "/kennisbank/?vorm=stage&niveau=mbo&regio=twente",
    "/leergemeenschappen/",
    "/leergemeenschappen/?status=actief&regio=overijssel",
    "/ambassadeurs/",
]
COVERAGE = ["/dekking/", "/dekking/?regio=twente", "/dekking/regio.csv"]


class Mix:
    """The kinds of request and their share of all requests; the details are sampled from the database."""

    def __init__(self, database_url, rng):
        self.rng = rng
        with psycopg.connect(database_url) as connection:
            self.instruments = published_slugs(connection, "catalog_instrument")
            self.organisations = published_slugs(connection, "catalog_organisation")
            self.examples = published_slugs(connection, "catalog_practiceexample")
            self.regions = published_slugs(connection, "catalog_region")
            self.offers = published_slugs(connection, "catalog_knowledgeoffer")
            self.communities = published_slugs(connection, "catalog_learningcommunity")
        # (group, share, path maker)
        self.kinds = [
            ("home", 4, lambda: "/"),
            ("list with filters", 18, lambda: rng.choice(LISTS)),
            ("instrument", 8, lambda: f"/instrumenten/{rng.choice(self.instruments)}/"),
            ("organisation", 7, lambda: f"/organisaties/{rng.choice(self.organisations)}/"),
            ("practice example", 5, lambda: f"/praktijkvoorbeelden/{rng.choice(self.examples)}/"),
            ("knowledge offer", 4, lambda: f"/kennisbank/{rng.choice(self.offers)}/"),
            ("learning community", 2, lambda: f"/leergemeenschappen/{rng.choice(self.communities)}/"),
            ("region", 5, lambda: f"/regio/{rng.choice(self.regions)}/"),
            ("search", 14, lambda: "/zoeken/?q=" + rng.choice(WORDS).replace(" ", "+")),
            ("quickscan", 4, lambda: "/route/"),
            ("route", 12, lambda: "/route/?" + self.profile()),
            ("coverage", 5, lambda: rng.choice(COVERAGE)),
            ("handoff form", 5, lambda: "/route/vraag/?" + self.profile()),
            ("report form", 3, lambda: f"/melden/instrument/{rng.choice(self.instruments)}/"),
            ("join form", 1, lambda: f"/leergemeenschappen/{rng.choice(self.communities)}/meedoen/"),
            ("share form", 1, lambda: f"/kennisbank/delen/?regio={rng.choice(ROUTE_REGIONS)}"),
            ("contact", 2, lambda: "/contact/"),
        ]
        self.weights = [share for _group, share, _make in self.kinds]

    def profile(self):
        factors = self.rng.sample(FACTORS, self.rng.choice([1, 2]))
        return f"regio={self.rng.choice(ROUTE_REGIONS)}&type={self.rng.choice('ABCD')}" + "".join(
            f"&factor={factor}" for factor in factors
        )

    def next(self):
        group, _share, make = self.rng.choices(self.kinds, self.weights)[0]
        return group, make()


def published_slugs(connection, table, limit=500):
    """Up to `limit` published records, sampled across the table (not just the first ones)."""
    rows = connection.execute(
        f"SELECT slug FROM {table} WHERE publication_status = 'gepubliceerd' "  # noqa: S608
        "ORDER BY md5(slug) LIMIT %s",
        [limit],
    ).fetchall()
    if not rows:
        sys.exit(f"No published records in {table}")
    return [slug for (slug,) in rows]


class Connection:
    """One client's keep-alive HTTP/1.1 connection (stdlib asyncio streams); reopened after an error."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def get(self, path):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        headers = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{headers}\r\n".encode("ascii")
        )
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        fields = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readline()
        else:
            body = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status, len(body)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def client(port, mix, results, *, warm_until, stop_at, timeout, think):
    connection = Connection(port)
    try:
        while time.monotonic() < stop_at:
            group, path = mix.next()
            counted = time.monotonic() >= warm_until
            start = time.perf_counter()
            try:
                status, size = await asyncio.wait_for(connection.get(path), timeout)
                error = None if status == 200 else f"HTTP {status}"
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                status, size, error = 0, 0, type(exc).__name__
                await connection.close()
            elapsed = (time.perf_counter() - start) * 1000
            if counted:
                results.append((group, path, elapsed, size, error))
            if think:
                await asyncio.sleep(mix.rng.expovariate(1 / think))
    finally:
        await connection.close()


async def run_load(port, mix, *, clients, duration, warmup, timeout, think):
    results = []
    now = time.monotonic()
    warm_until, stop_at = now + warmup, now + warmup + duration
    tasks = [
        client(port, mix, results, warm_until=warm_until, stop_at=stop_at, timeout=timeout, think=think)
        for _ in range(clients)
    ]
    started = time.monotonic()
    await asyncio.gather(*tasks)
    # Requests still running at the deadline were completed and count; the clock runs until the last one.
    return results, time.monotonic() - started - warmup


def preflight(port, paths):
    """Every fixed page of the mix must answer 200 before the load starts (a wrong path is not 'load')."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for path in paths:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"{path} answers {response.status} before any load: fix the mix or the page")
    connection.close()


def report(results, elapsed, args, counts, load_before):
    times = [elapsed_ms for _g, _p, elapsed_ms, _s, _e in results]
    errors = Counter(error for *_rest, error in results if error)
    by_group = defaultdict(list)
    for group, _path, elapsed_ms, size, error in results:
        by_group[group].append((elapsed_ms, size, error))
    load_after = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    throughput = len(results) / elapsed
    lines = [
        f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}, Python "
        f"{platform.python_version()}; load average before {load_before}, after {load_after} (1/5/15 min).",
        f"Data: {counts}. Server: gunicorn, 2 workers (gthread, 1 thread), production settings, "
        f"CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', '60')}. Load: {args.clients} clients, "
        f"{args.duration:.0f} s after {args.warmup:.0f} s warm-up, think time {args.think} s, "
        f"timeout {args.timeout:.0f} s, "
        f"seed {args.seed}; the load generator runs on the same machine.",
        "",
        f"**{len(results):,} requests, {sum(errors.values())} errors, {throughput:.1f} requests/s; "
        f"p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
        f"p99 {percentile(times, 99):.0f} ms, max {max(times):.0f} ms.**",
    ]
    if errors:
        lines.append("Errors: " + ", ".join(f"{kind} × {n}" for kind, n in errors.most_common()) + ".")
        failed = sorted({path for _g, path, *_rest, error in results if error})
        lines.append("Failed: " + ", ".join(f"`{path}`" for path in failed[:10]) + ".")
    lines += [
        "",
        "| group | requests | share | errors | median ms | p95 ms | p99 ms | mean KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for group, rows in sorted(by_group.items(), key=lambda item: -len(item[1])):
        group_times = [row[0] for row in rows]
        lines.append(
            f"| {group} | {len(rows):,} | {len(rows) / len(results):.0%} | {sum(1 for r in rows if r[2])} "
            f"| {statistics.median(group_times):.0f} | {percentile(group_times, 95):.0f} "
            f"| {percentile(group_times, 99):.0f} | {statistics.mean(r[1] for r in rows) / 1024:.0f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--duration", type=float, default=120, help="seconds measured (default 120)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load not counted (default 10)")
    parser.add_argument("--instruments", type=int, help="grow the starting data to N synthetic instruments")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request is an error")
    parser.add_argument("--think", type=float, default=0, help="mean pause between a client's requests, s")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="use an existing bench_* database as it is")
    parser.add_argument("--keep", action="store_true", help="keep the database (bench_*) afterwards")
    parser.add_argument("--output", help="also write the markdown report to this file")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server; `bash bench/load` starts one.")

    size = str(args.instruments) if args.instruments else "x1"
    name = f"bench_{size}"
    database_url = with_database(server_url, name)
    static_root = tempfile.mkdtemp(prefix="routekaart-load-static-")
    env = production_env(database_url, static_root)
    try:
        if args.reuse:
            manage(env, "collectstatic", "--noinput", "-v0")
        else:
            recreate(server_url, name)
            prepare(env, database_url, size, static_root)
        counts = record_counts(database_url)
        mix = Mix(database_url, random.Random(args.seed))
        port = free_port()
        server = start_gunicorn(env, port)
        try:
            routes = [f"/route/?regio={region}&type=B&factor=kennis" for region in ROUTE_REGIONS]
            preflight(port, ["/", *LISTS, *COVERAGE, "/route/", *routes, "/contact/"])
            load_before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
            print(f"[{size}] {counts}; {args.clients} clients for {args.duration:.0f} s …", flush=True)
            results, elapsed = asyncio.run(
                run_load(
                    port,
                    mix,
                    clients=args.clients,
                    duration=args.duration,
                    warmup=args.warmup,
                    timeout=args.timeout,
                    think=args.think,
                )
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep and not args.reuse:
            drop(server_url, name)
    text = report(results, elapsed, args, counts, load_before)
    print("\n" + text)
    if args.output:
        Path(args.output).write_text(text + "\n")
    if any(error for *_rest, error in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
