"""Record sets (catalog.recordsets) are read once per catalogue version and shared between processes through
the cache; a change to the catalogue makes every process read them again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import recordsets
from tests.factories import InstrumentFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


def test_another_process_reads_the_sets_from_the_shared_cache(client, record_sets_kept):
    first, _ = _queries(client, "/instrumenten/")  # reads the sets and shares them
    again, shown = _queries(client, "/instrumenten/")
    assert again < first
    recordsets.forget()  # another process, or this one after a restart: nothing kept in memory
    other, shown_there = _queries(client, "/instrumenten/")
    assert other == again  # the sets came from the shared cache, not from the catalogue's tables
    assert text(page(shown_there).find("h1")) == text(page(shown).find("h1"))


def test_a_saved_record_shows_in_the_lists_at_once(client, record_sets_kept):
    client.get("/instrumenten/?q=proeftuin")
    InstrumentFactory(name="Voucher voor proeftuinen")  # a change: a new catalogue version
    assert "Voucher voor proeftuinen" in client.get("/instrumenten/?q=proeftuin").content.decode()
    recordsets.forget()
    assert "Voucher voor proeftuinen" in client.get("/instrumenten/?q=proeftuin").content.decode()
