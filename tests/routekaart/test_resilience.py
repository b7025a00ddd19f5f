"""When the database is unreachable: /healthz says so, pages answer a friendly Dutch 503 with one log line
each, and the site recovers by itself when the database returns (routekaart.middleware, views.healthz).

The outage is simulated by making every new cursor fail as a lost server would; stopping a real PostgreSQL
cluster is a later step in CI."""

import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from tests.html import page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(monkeypatch):
    """While active, every query fails like an unreachable server; `outage.end()` brings the database back."""

    def refuse(*args, **kwargs):
        raise OperationalError(
            'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused'
        )

    class Outage:
        def end(self):
            monkeypatch.undo()

    monkeypatch.setattr(connection, "cursor", refuse)
    return Outage()


def test_healthz_reports_the_database_without_cookies_or_session(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_while_the_database_is_down(client, outage):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert not response.cookies
    outage.end()
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("url", ["/", "/instrumenten/", "/organisaties/", "/zoeken/?q=subsidie", "/dekking/"])
def test_a_database_outage_is_a_friendly_503_that_logs_one_line_and_recovers(client, url, outage, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get(url)
    assert response.status_code == 503
    assert text(page(response).h1) == "De website is even niet bereikbaar"
    assert response["Retry-After"]
    errors = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(errors) == 1, [record.getMessage() for record in errors]
    assert errors[0].exc_info is None and "Connection refused" in errors[0].getMessage()

    outage.end()
    assert client.get(url).status_code == 200


def test_load_portal_data_works_before_createcachetable(tmp_path, settings):
    """Saving records invalidates cached coverage: with the database cache the table must exist."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "routekaart_cache_not_created_yet",
        }
    }
    assert "routekaart_cache_not_created_yet" not in connection.introspection.table_names()
    (tmp_path / "taxonomy.yaml").write_text(
        "documents:\n"
        '  - {code: "900", file: t.txt, title: Testbron, published_on: 2021-05-25, line_count: 9}\n'
        "regions:\n"
        '  - {slug: testcontinent, name: Testcontinent, scope: europa, sources: [{file: "900", lines: "4"}]}'
        "\n",
        encoding="utf-8",
    )
    call_command("load_portal_data", directory=str(tmp_path), verbosity=0)
    assert "routekaart_cache_not_created_yet" in connection.introspection.table_names()


def test_a_database_error_raised_outside_a_view_is_the_same_503(rf):
    """handler500 sees errors of other middleware (a session read, say) that the middleware cannot catch."""
    from routekaart.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "De website is even niet bereikbaar" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500
