"""Admin imports are bounded before parsing (catalog.curation.import_limits): the file's size, an XLSX's
unpacked size and cells, the rows; a clear Dutch message; unconfirmed uploads do not stay behind."""

import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.curation import import_limits
from catalog.models import Instrument
from tests.curation.test_resources import _upload, instrument_rows, snapshot
from tests.html import text

pytestmark = pytest.mark.django_db
URL = "admin:catalog_instrument_import"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def post(client, name, content, file_format):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse(URL), {"import_file": upload, "format": file_format, "resource": 0})


def xlsx(rows, columns):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in range(rows):
        sheet.append([f"r{row}c{column}" for column in range(columns)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_over_the_size_limit_is_refused_before_reading(admin_client, settings, upload_dir):
    settings.IMPORT_MAX_BYTES = 1000
    response = post(admin_client, "groot.csv", b"slug,naam\n" + b"a,b\n" * 400, 0)
    assert response.status_code == 200
    assert "een import mag hoogstens 1000" in text(response)
    assert "Accepteer de import" not in text(response)
    assert not upload_dir.exists() or not os.listdir(upload_dir)


def test_too_many_rows_in_csv_or_xlsx(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 10
    response = post(admin_client, "rijen.csv", b"slug,naam\n" + b"a,b\n" * 11, 0)
    assert "meer dan 10 regels" in text(response)
    response = post(admin_client, "rijen.xlsx", xlsx(12, 2), 1)
    assert "meer dan 10 regels" in text(response)


def test_an_xlsx_bomb_is_refused_by_its_unpacked_size_and_cells(admin_client, settings):
    # A few KB that unpack to megabytes of one repeated cell: the shape of the 73 KB file that held a worker.
    sheet = b'<worksheet><sheetData><row r="1">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 200_000
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet + b"</row></sheetData></worksheet>")
    assert len(bomb.getvalue()) < 100_000
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 1_000_000
    assert "uitgepakt groter dan" in text(post(admin_client, "bom.xlsx", bomb.getvalue(), 1))
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 100_000_000
    settings.IMPORT_MAX_CELLS = 50
    assert "meer dan 50 cellen" in text(post(admin_client, "cellen.xlsx", xlsx(5, 20), 1))


def test_not_an_xlsx_says_so_in_dutch(admin_client):
    response = post(admin_client, "nep.xlsx", b"dit is geen zip", 1)
    assert "Dit is geen leesbaar XLSX-bestand" in text(response)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_within_the_limits_the_import_still_works(admin_client, instrument, file_format, upload_dir):
    response = _upload(admin_client, reverse(URL), instrument_rows(instrument), file_format)
    assert "Accepteer de import" in text(response)
    assert len(os.listdir(upload_dir)) == 1  # kept for the confirmation
    confirm = response.context["confirm_form"]
    data = {name: value for name, value in confirm.initial.items() if value is not None}
    assert admin_client.post(reverse("admin:catalog_instrument_process_import"), data).status_code == 302
    assert Instrument.objects.filter(slug="nieuwe-regeling").exists()
    assert os.listdir(upload_dir) == []  # removed once imported


def test_an_upload_with_errors_is_removed_at_once(admin_client, instrument, upload_dir):
    before = snapshot(Instrument)
    response = _upload(admin_client, reverse(URL), instrument_rows(instrument, aanbieder="bestaat-niet"))
    assert "Onbekende organisatie" in text(response)
    assert os.listdir(upload_dir) == []
    assert snapshot(Instrument) == before


def test_an_unconfirmed_upload_is_removed_after_an_hour_and_confirming_it_then_asks_again(
    admin_client, instrument, upload_dir
):
    response = _upload(admin_client, reverse(URL), instrument_rows(instrument))
    (kept,) = os.listdir(upload_dir)
    assert import_limits.remove_stale_uploads() == 0  # not yet
    assert import_limits.remove_stale_uploads(now=time.time() + 61 * 60) == 1
    assert os.listdir(upload_dir) == []

    confirm = response.context["confirm_form"]
    data = {name: value for name, value in confirm.initial.items() if value is not None}
    gone = admin_client.post(reverse("admin:catalog_instrument_process_import"), data, follow=True)
    assert "niet meer bewaard" in text(gone)
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()


def test_a_new_upload_clears_stale_ones(admin_client, instrument, upload_dir):
    upload_dir.mkdir(parents=True, exist_ok=True)
    stale = upload_dir / "import-oud"
    stale.write_bytes(b"oud")
    os.utime(stale, (time.time() - 2 * 3600, time.time() - 2 * 3600))
    _upload(admin_client, reverse(URL), instrument_rows(instrument))
    assert not stale.exists()
