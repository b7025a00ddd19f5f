"""The project's plumbing (routekaart.settings): what the README promises. Migrations are complete, the steps
of `make run` serve the site headless, production passes --deploy and collects its static files.

`make run` loads the starting content into a fresh database; the test reads which loketten the home page
should then list from the test database, which holds the same content (tests/conftest.py), so it names none.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command

from ecosystems.selectors import regions_with_loket

ROOT = Path(settings.BASE_DIR)


def run_manage(*args, env, **kwargs):
    env = {k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "routekaart.settings.production",
        "SECRET_KEY": "a-long-random-value-for-this-test-only-3f9c1e7b2d8a4f6e0b5c9d1a7e3f2b8c",
        "ALLOWED_HOSTS": "routekaart.example.nl",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "routekaart.settings.production"
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_make_run_steps_serve_the_home_page_with_real_data(tmp_path):
    """The steps of `make run` on a fresh SQLite file: migrate, load the data, serve."""
    loketten = {loket.name for region in regions_with_loket() for loket in region.loketten}
    assert loketten
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "routekaart.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    env.pop("SECRET_KEY", None)
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    loaded = run_manage("load_portal_data", "--if-empty", env=env)
    assert loaded.returncode == 0, loaded.stderr
    again = run_manage("load_portal_data", "--if-empty", env=env)
    assert "al geladen" in again.stdout

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        html = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    html = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert html is not None, "the server did not answer"
        shown = {a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").find_all("a")}
        assert loketten <= shown  # every region's loket, as the home view lists them
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/routekaart.css", timeout=2) as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_production_static_files_collect_as_the_dockerfile_does(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "routekaart.settings.production",
        "SECRET_KEY": "build-only",
        "ALLOWED_HOSTS": "localhost",
        "STATIC_ROOT": str(tmp_path),
    }
    result = run_manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/routekaart.*.css"))


@pytest.mark.django_db
@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL only"
)
def test_postgresql_sessions_run_without_jit_and_with_scans_from_the_start():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW synchronize_seqscans")  # the same search finds the same candidates every time
        assert cursor.fetchone()[0] == "off"
