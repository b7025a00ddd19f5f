"""Bad input in the admin gets a clear Dutch message, and what the editor typed stays in the form.

The rules live in the models' clean() and catalog/validators.py; the admin shows them (docs/curation.md).
"""

import pytest
from django.core.exceptions import ValidationError

from catalog.validators import contains_html
from tests.admin_forms import admin_form, admin_form_data
from tests.factories import InstrumentFactory, PracticeExampleFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

INSTRUMENTS = "/beheer/catalog/instrument/"


@pytest.fixture
def change_form(client, editor, instrument):
    """The change form of the editor's own instrument, open in their browser."""
    client.force_login(editor)
    url = f"{INSTRUMENTS}{instrument.pk}/change/"
    return client, url, client.get(url)


def post(change_form, **changes):
    client, url, opened = change_form
    response = client.post(url, admin_form_data(opened, **changes))
    assert response.status_code == 200  # the form again, not a crash and not a save
    return response, response.context["adminform"].form.errors


def test_html_in_a_text_field_is_refused_and_kept(change_form, instrument):
    typed = 'Kom langs!<script>alert("x")</script> <b>Gratis</b>'
    response, errors = post(change_form, description=typed)
    assert errors["description"][0].startswith("HTML is niet toegestaan in dit veld.")
    # the typed text, as text, in the textarea
    assert admin_form(response).find("textarea", attrs={"name": "description"}).get_text().strip() == typed
    instrument.refresh_from_db()
    assert "<script>" not in instrument.description


@pytest.mark.parametrize("text", ["Omzet < 2 miljoen en > 10 medewerkers", "R&D en M&A", "a<b", "5 > 3"])
def test_plain_text_with_angle_brackets_or_ampersands_is_fine(text):
    assert not contains_html(text)


@pytest.mark.parametrize(
    "text", ["<p>tekst</p>", "tekst<br>", "&nbsp;", "&#60;", "<!-- x -->", "< a href='x'>"]
)
def test_markup_is_recognised(text):
    assert contains_html(text)


def test_invalid_slug_gets_a_dutch_message(change_form):
    response, errors = post(change_form, slug="Eigen Regeling!")
    assert "geldige" in errors["slug"][0] and "slug" in errors["slug"][0].lower()
    assert admin_form_data(response)["slug"] == ["Eigen Regeling!"]


def test_duplicate_slug_gets_a_dutch_message(change_form):
    taken = InstrumentFactory()
    _, errors = post(change_form, slug=taken.slug)
    assert errors["slug"] == ["Er bestaat al een Instrument met eenzelfde Slug."]


def test_closing_date_before_opening_date(change_form):
    response, errors = post(change_form, opens_on="01-05-2026", closes_on="01-04-2026")
    assert errors["closes_on"] == [
        "De sluitingsdatum ligt vóór de openingsdatum (1 mei 2026). Controleer beide datums."
    ]
    assert admin_form_data(response)["closes_on"] == ["01-04-2026"]


def test_amount_range_reversed(change_form):
    _, errors = post(change_form, amount_min="5000", amount_max="1000")
    assert errors["amount_max"] == ["Het bedrag tot en met is lager dan het bedrag vanaf."]


def test_html_is_refused_in_every_text_field_of_a_practice_example():
    example = PracticeExampleFactory()
    example.lessons = "<ul><li>Begin klein</li></ul>"
    example.summary = "Gewone tekst"
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert set(error.value.message_dict) == {"lessons"}
