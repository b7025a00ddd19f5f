"""What bench/run relies on: the bare view, the query header and pages that exist. No timings."""

import importlib.util

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from routekaart.bench import QUERIES_HEADER


def load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", settings.BASE_DIR / "bench" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bare_view_exists_only_for_the_benchmark(client):
    assert client.get("/bench/baseline/").status_code == 404
    with override_settings(BENCH_BASELINE=True):
        response = client.get("/bench/baseline/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_the_query_header_counts_every_query_of_the_request(client):
    with (
        override_settings(MIDDLEWARE=["routekaart.bench.QueryCountMiddleware", *settings.MIDDLEWARE]),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get("/instrumenten/mit-haalbaarheidsproject/")
    assert response.status_code == 200
    assert int(response[QUERIES_HEADER]) == len(queries) > 0
    assert QUERIES_HEADER not in Client().get("/instrumenten/mit-haalbaarheidsproject/")  # off by default


@pytest.mark.django_db
def test_every_page_the_benchmark_measures_answers_on_the_starting_data(client):
    benchmark = load_benchmark()
    with override_settings(BENCH_BASELINE=True):
        failing = {
            path: status
            for _name, path, _cache in benchmark.PAGES
            if (status := client.get(path, headers={"accept-language": "nl"}).status_code) != 200
        }
    assert failing == {}
    assert len({path for _name, path, _cache in benchmark.PAGES}) >= 30


def test_sizes_name_the_synthetic_instruments_to_add():
    benchmark = load_benchmark()
    assert benchmark.synthetic_instruments("x1") == 0
    assert benchmark.synthetic_instruments("x100") == 99 * benchmark.STARTING_INSTRUMENTS
    assert benchmark.synthetic_instruments("100000") == 100_000
