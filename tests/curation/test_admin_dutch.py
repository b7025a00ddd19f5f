"""The Dutch admin speaks Dutch (issue 14 item 6): the pages an editor, curator and provincial administrator
open hold none of the admin's common English words, and success messages are grammatical for every model."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.admin_forms import admin_form_data, submit
from tests.html import page, text

pytestmark = pytest.mark.django_db

# Words Django's admin and its add-ons show in English when a Dutch text is missing.
ENGLISH = re.compile(
    r"\b(Revert|Choose|Chosen|Available|Save|Delete|History|Add|Change|Changed by|Select|Search|Home|Submit|"
    r"Errors?|Preview|Confirm|Show counts|View on site|Log out|Recent actions|Action|Remove|Today|Now|Cancel|"
    r"Close|Object|Comment|Welcome|Import|Export|Resource|Line number|selected|successfully|"
    r"was (?:added|changed))\b"
)
INSTRUMENTS = "/beheer/catalog/instrument/"


def english_words(response):
    """The English words on a page, in its text and in its buttons' and fields' visible labels."""
    html = page(response)
    shown = [text(html.find(id="content") or html)]
    shown += [field.get("value", "") for field in html.select("input[type=submit], input[type=button]")]
    shown += [element.get("title", "") for element in html.select("[title]")]
    return sorted({match for part in shown for match in ENGLISH.findall(part)})


def message(response):
    """The one message on a page as shown (the admin capitalises its first letter)."""
    (item,) = page(response).select(".messagelist li")
    return item.get_text()


def pages(instrument):
    version = instrument.history.latest()
    return [
        "/beheer/",
        "/beheer/te-controleren/",
        INSTRUMENTS,
        f"{INSTRUMENTS}add/",
        f"{INSTRUMENTS}{instrument.pk}/change/",
        f"{INSTRUMENTS}{instrument.pk}/history/",
        f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/",
        "/beheer/catalog/organisation/",
        f"{INSTRUMENTS}export/",
        "/beheer/password_change/",
    ]


@pytest.mark.parametrize("role", ["editor", "curator", "provincial_admin"])
def test_the_admin_has_no_english_for_a_dutch_user(client, request, role, instrument):
    client.force_login(request.getfixturevalue(role))
    found = {}
    for url in pages(instrument):
        response = client.get(url)
        assert response.status_code == 200, url
        if words := english_words(response):
            found[url] = words
    assert found == {}


def test_the_import_pages_have_no_english(client, provincial_admin):
    client.force_login(provincial_admin)
    url = f"{INSTRUMENTS}import/"
    assert english_words(client.get(url)) == []
    upload = SimpleUploadedFile("fout.csv", b"\xef\xbb\xbfslug;naam\nbestaat-niet;\n")
    response = client.post(url, {"import_file": upload, "format": 0, "resource": 0})
    assert "Regel 2" in text(response)
    assert english_words(response) == []


def test_the_users_page_has_no_english(admin_client, editor):
    found = {}
    for url in ["/beheer/auth/user/", "/beheer/auth/user/add/", f"/beheer/auth/user/{editor.pk}/change/"]:
        if words := english_words(admin_client.get(url)):
            found[url] = words
    assert found == {}


@pytest.mark.parametrize(
    ("model", "name"), [("instrument", "Instrument"), ("organisation", "Organisatie"), ("region", "Regio")]
)
def test_a_saved_record_is_named_without_a_wrong_article(client, provincial_admin, request, model, name):
    """Django says "De {name}", wrong for "het instrument": the message names the kind without an article."""
    record = request.getfixturevalue(
        {"instrument": "instrument", "organisation": "loket", "region": "region"}[model]
    )
    client.force_login(provincial_admin)
    response = submit(client, f"/beheer/catalog/{model}/{record.pk}/change/")
    assert response.status_code == 302
    assert message(client.get(response.url)) == f"{name} ‘{record}’ is gewijzigd."


def test_a_revert_is_told_in_dutch(client, curator, instrument):
    client.force_login(curator)
    version = instrument.history.latest()
    url = f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/"
    response = client.post(url, admin_form_data(client.get(url)), follow=True)
    assert message(response) == f"Instrument ‘{instrument}’ is gewijzigd."
