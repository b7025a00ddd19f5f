"""Measure public pages at today's data and at a hundred times as many records (see tests/scale.py).

    .venv/bin/python bench/benchmark.py [--scale 100] [--runs 30]

Uses a throw-away SQLite file unless DATABASE_URL is set (then it creates and drops a test database there).
Writes nothing to the development database. Results and targets: docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS_MS = {
    "home": 150,
    "serving(rijssen-holten), page 1": 50,
    "/instrumenten/ filtered": 250,
    "/instrumenten/<slug>/": 150,
    "/regio/twente/": 300,
    "/zoeken/?q=kennisvoucher": 300,
    "/dekking/ (cache empty)": 300,
    "/dekking/ (cached)": 100,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "routekaart.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_portal_data", verbosity=0)
        report = [measure("today (x1)", args.runs, CaptureQueriesContext, connection)]
        from tests.scale import multiply

        multiply(args.scale - 1, regions=False)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a bulk load in production
        report.append(measure(f"x{args.scale}", args.runs, CaptureQueriesContext, connection))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"database: {connection.vendor}; runs per measurement: {args.runs}")
    for label, rows in report:
        print(f"\n{label}")
        for name, (median, p95, queries, size) in rows.items():
            verdict = "ok" if p95 <= TARGETS_MS[name] else "OVER TARGET"
            print(
                f"  {name:32} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
                f"target {TARGETS_MS[name]} ms {verdict:11}  {queries} queries  ({size})"
            )


def measure(label, runs, capture, connection):
    from django.core.cache import cache
    from django.test import Client

    from catalog.models import Instrument, Region

    client = Client()
    rijssen = Region.objects.get(slug="rijssen-holten")
    cases = {
        "home": lambda: client.get("/").status_code,
        "serving(rijssen-holten), page 1": lambda: first_page(
            Instrument.objects.published().serving(rijssen)
        ),
        "/instrumenten/ filtered": lambda: (
            client.get("/instrumenten/", {"factor": ["kennis", "netwerk"], "regio": "twente"}).status_code
        ),
        "/instrumenten/<slug>/": lambda: client.get("/instrumenten/mit-haalbaarheidsproject/").status_code,
        "/regio/twente/": lambda: client.get("/regio/twente/").status_code,
        "/zoeken/?q=kennisvoucher": lambda: client.get("/zoeken/", {"q": "kennisvoucher"}).status_code,
        "/dekking/ (cache empty)": lambda: (cache.clear(), client.get("/dekking/").status_code)[1],
        "/dekking/ (cached)": lambda: client.get("/dekking/").status_code,
    }
    rows = {}
    for name, case in cases.items():
        case()  # warm up
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            with capture(connection) as queries:
                result = case()
            timings.append((time.perf_counter() - start) * 1000)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        rows[name] = (statistics.median(timings), p95, len(queries), f"result {result}")
    sizes = f"{Instrument.objects.count()} instruments, {Region.objects.count()} regions"
    return f"{label}: {sizes}", rows


def first_page(queryset, size=20):
    """What a list page does: the total and the first page."""
    total = queryset.count()
    return f"{len(list(queryset[:size]))} of {total}"


if __name__ == "__main__":
    main()
