"""The real outage: the local PostgreSQL cluster stopped under the running site gives the friendly 503 and
/healthz 503, and the site recovers by itself once the cluster is started again (routekaart.middleware).

Runs only on PostgreSQL with a local cluster that this process may stop: .ci/run exports PG_DIR (the cluster's
folder, socket and log) and PG_BIN; the test uses pg_ctl with the options .ci/run started it with."""

import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connections

PG_DIR = os.environ.get("PG_DIR", "")
PG_BIN = os.environ.get("PG_BIN", "")
LOCAL_CLUSTER = (
    os.environ.get("DATABASE_URL", "").startswith("postgres")
    and PG_DIR
    and Path(PG_DIR, "data", "PG_VERSION").exists()
    and Path(PG_BIN, "pg_ctl").exists()
)

pytestmark = [
    pytest.mark.skipif(not LOCAL_CLUSTER, reason="needs a local PostgreSQL cluster in PG_DIR (.ci/run)"),
    pytest.mark.django_db(transaction=True),
]


def pg_ctl(*args):
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    command = [*run_as, str(Path(PG_BIN, "pg_ctl")), "-D", str(Path(PG_DIR, "data")), "-w", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@pytest.fixture
def stopped_cluster():
    """Stops the cluster; `start()` (or the end of the test) starts it again with .ci/run's options."""

    class Cluster:
        running = True

        def stop(self):
            pg_ctl("-m", "fast", "stop")
            self.running = False

        def start(self):
            options = f"-k {PG_DIR} -c listen_addresses='' -c fsync=off"
            pg_ctl("-l", str(Path(PG_DIR, "server.log")), "-o", options, "start")
            self.running = True

    cluster = Cluster()
    yield cluster
    if not cluster.running:
        cluster.start()
    for alias in connections:  # the old sockets died with the server
        connections[alias].close()


def get(server, path):
    """(status, body) over HTTP; the live server, like production, closes a broken connection."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_stopping_postgresql_gives_503_and_starting_it_recovers(live_server, stopped_cluster):
    assert get(live_server, "/instrumenten/")[0] == 200
    assert get(live_server, "/healthz")[0] == 200

    stopped_cluster.stop()
    for path in ("/", "/instrumenten/", "/zoeken/?q=subsidie", "/instrumenten/"):
        status, body = get(live_server, path)
        assert status == 503, path
        assert "De website is even niet bereikbaar" in body
    assert get(live_server, "/healthz")[0] == 503

    stopped_cluster.start()
    assert get(live_server, "/healthz")[0] == 200
    assert get(live_server, "/instrumenten/")[0] == 200
    assert get(live_server, "/zoeken/?q=subsidie")[0] == 200
