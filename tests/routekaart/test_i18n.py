"""English is a full second language: every Dutch text of the interface has its translation in locale/en,
the catalogue routekaart.middleware switches to."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_text_has_an_english_translation():
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    assert len(entries) > 100  # the catalogue was read: empty, the checks below would pass
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    empty = [entry for entry in entries if re.search(r'^msgstr(?:\[\d\])? ""$(?!\n")', entry, re.M)]
    assert fuzzy == []
    assert empty == []


def test_the_compiled_catalogue_matches_its_source():
    """`make messages` compiles the .po into the committed .mo; a forgotten compile shows up here."""
    single = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', PO.read_text(encoding="utf-8"), re.M)
    assert len(single) > 100
    with translation.override("en"):
        stale = [
            (dutch, english) for dutch, english in single if gettext(_unescape(dutch)) != _unescape(english)
        ]
    assert stale == []


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
