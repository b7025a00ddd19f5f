"""Bounds on an admin import, checked before the file is parsed, and where unconfirmed uploads wait.

A small XLSX can unpack to gigabytes (a zip of repeated cells): the upload's size, the XLSX's unpacked size,
its rows and cells are counted from the zip's directory and a streamed scan of the sheets' XML, before
openpyxl builds anything. A CSV's rows are counted with the csv module (bounded by the size cap).
"""

import csv
import io
import os
import re
import tempfile
import time
import uuid
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.forms import ImportForm
from import_export.tmp_storages import TempFolderStorage

ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
SCAN_CHUNK = 1 << 20


def _too_big(upload):
    if upload.size > settings.IMPORT_MAX_BYTES:
        return _("Het bestand is %(size)s; een import mag hoogstens %(max)s zijn. Splits het bestand.") % {
            "size": filesizeformat(upload.size),
            "max": filesizeformat(settings.IMPORT_MAX_BYTES),
        }
    return None


def _too_many_rows(rows):
    if rows > settings.IMPORT_MAX_ROWS + 1:  # + the header
        return _("Het bestand heeft meer dan %(max)d regels; splits het in delen van hoogstens %(max)d.") % {
            "max": settings.IMPORT_MAX_ROWS
        }
    return None


def _count(stream, pattern):
    """Occurrences of `pattern` in a stream, read in chunks (a tag split over two chunks is counted once)."""
    count, tail = 0, b""
    while chunk := stream.read(SCAN_CHUNK):
        data = tail + chunk
        count += len(pattern.findall(data))
        tail = data[-16:]
        count -= len(pattern.findall(tail))
    return count


def _xlsx_problem(upload):
    not_xlsx = _("Dit is geen leesbaar XLSX-bestand. Sla het op als Excel-werkmap (.xlsx) of als CSV.")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > settings.IMPORT_MAX_XLSX_UNPACKED_BYTES:
                return _(
                    "Het XLSX-bestand is uitgepakt groter dan %(max)s. Sla het op als CSV of splits het."
                ) % {"max": filesizeformat(settings.IMPORT_MAX_XLSX_UNPACKED_BYTES)}
            rows = cells = 0
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    with archive.open(member) as sheet:
                        rows += _count(sheet, ROW)
                    with archive.open(member) as sheet:
                        cells += _count(sheet, CELL)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        return not_xlsx
    finally:
        upload.seek(0)
    if cells > settings.IMPORT_MAX_CELLS:
        return _("Het bestand heeft meer dan %(max)d cellen; splits het in kleinere delen.") % {
            "max": settings.IMPORT_MAX_CELLS
        }
    return _too_many_rows(rows)


def _csv_problem(upload):
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="replace", newline="")
    try:
        rows = sum(1 for _row in csv.reader(text))
    except csv.Error:
        return None  # the importer explains a broken CSV itself
    finally:
        text.detach()
        upload.seek(0)
    return _too_many_rows(rows)


def problem(upload, file_format):
    """Why this upload may not be imported, in Dutch, or None."""
    if message := _too_big(upload):
        return message
    if file_format.is_binary():
        return _xlsx_problem(upload)
    return _csv_problem(upload)


class BoundedImportForm(ImportForm):
    """The admin's import form, refusing a file over the limits before anything parses it."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        if message := problem(upload, self.import_formats[int(chosen)]()):
            self.add_error("import_file", message)
        return cleaned


# --- Uploads waiting for confirmation ----------------------------------------------------------------------


def upload_dir():
    return settings.IMPORT_UPLOAD_DIR or os.path.join(tempfile.gettempdir(), "routekaart-imports")


def remove_stale_uploads(now=None):
    """Delete uploads nobody confirmed within IMPORT_UPLOAD_MAX_AGE_MINUTES; the number deleted."""
    folder = upload_dir()
    if not os.path.isdir(folder):
        return 0
    cutoff = (now or time.time()) - settings.IMPORT_UPLOAD_MAX_AGE_MINUTES * 60
    removed = 0
    for entry in os.scandir(folder):
        if entry.is_file() and entry.stat().st_mtime < cutoff:
            os.remove(entry.path)
            removed += 1
    return removed


class ImportUploadStorage(TempFolderStorage):
    """django-import-export's temp file, in a folder of its own so that stale uploads can be found."""

    def get_full_path(self):
        return os.path.join(upload_dir(), os.path.basename(self.name))

    def _open(self, mode="r"):
        if not self.name:  # a new upload: the bytes as they came
            os.makedirs(upload_dir(), mode=0o700, exist_ok=True)
            remove_stale_uploads()
            self.name = f"import-{uuid.uuid4().hex}"
            return open(self.get_full_path(), "xb")
        return open(self.get_full_path(), mode, encoding=self.encoding)

    def exists(self):
        return bool(self.name) and os.path.isfile(self.get_full_path())

    def remove(self):
        if self.exists():
            os.remove(self.get_full_path())
