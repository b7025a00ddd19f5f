"""English is a full second language: every Dutch text of the interface has its translation."""

import re

from django.conf import settings

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_text_has_an_english_translation():
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    empty = [entry for entry in entries if re.search(r'^msgstr(?:\[\d\])? ""$(?!\n")', entry, re.M)]
    assert fuzzy == []
    assert empty == []


def test_the_compiled_catalogue_is_newer_than_its_source():
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1
