"""Bad input in the admin gets a clear Dutch message, and what the editor typed stays in the form."""

import pytest

from catalog.models import Instrument, PracticeExample
from catalog.validators import contains_html

from .conftest import form_data

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"


@pytest.fixture
def editor_page(client, twente_editor):
    client.force_login(twente_editor)
    record = Instrument.objects.get(slug="events-novel-t")
    url = f"{INSTRUMENTS}{record.pk}/change/"
    return client, url, client.get(url).content.decode(), record


def post(editor_page, **changes):
    client, url, html, record = editor_page
    response = client.post(url, form_data(html, **changes))
    assert response.status_code == 200  # the form again, not a crash and not a save
    return response, response.context["adminform"].form.errors


def test_html_in_a_text_field_is_refused_and_kept(editor_page):
    typed = 'Kom langs!<script>alert("x")</script> <b>Gratis</b>'
    response, errors = post(editor_page, description=typed)
    assert errors["description"][0].startswith("HTML is niet toegestaan in dit veld.")
    assert "Kom langs!&lt;script&gt;" in response.content.decode()  # the typed text, escaped, in the textarea
    editor_page[3].refresh_from_db()
    assert "<script>" not in editor_page[3].description


@pytest.mark.parametrize("text", ["Omzet < 2 miljoen en > 10 medewerkers", "R&D en M&A", "a<b", "5 > 3"])
def test_plain_text_with_angle_brackets_or_ampersands_is_fine(text):
    assert not contains_html(text)


@pytest.mark.parametrize(
    "text", ["<p>tekst</p>", "tekst<br>", "&nbsp;", "&#60;", "<!-- x -->", "< a href='x'>"]
)
def test_markup_is_recognised(text):
    assert contains_html(text)


def test_invalid_slug_gets_a_dutch_message(editor_page):
    response, errors = post(editor_page, slug="Events Novel T!")
    assert "geldige" in errors["slug"][0] and "slug" in errors["slug"][0].lower()
    assert 'value="Events Novel T!"' in response.content.decode()


def test_duplicate_slug_gets_a_dutch_message(editor_page):
    _, errors = post(editor_page, slug="innovatiemakelaars-novel-t")
    assert errors["slug"] == ["Er bestaat al een Instrument met eenzelfde Slug."]


def test_closing_date_before_opening_date(editor_page):
    response, errors = post(editor_page, opens_on="01-05-2026", closes_on="01-04-2026")
    assert errors["closes_on"] == [
        "De sluitingsdatum ligt vóór de openingsdatum (1 mei 2026). Controleer beide datums."
    ]
    assert 'value="01-04-2026"' in response.content.decode()


def test_amount_range_reversed(editor_page):
    _, errors = post(editor_page, amount_min="5000", amount_max="1000")
    assert errors["amount_max"] == ["Het bedrag tot en met is lager dan het bedrag vanaf."]


def test_html_is_refused_in_every_text_field_of_a_practice_example():
    example = PracticeExample.objects.first()
    example.lessons = "<ul><li>Begin klein</li></ul>"
    example.summary = "Gewone tekst"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert set(error.value.message_dict) == {"lessons"}
