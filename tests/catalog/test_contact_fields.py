"""The contact fields of an organisation (catalog.models.Organisation: email, phone, visiting_address,
contact_url): what they accept, how the admin, the import and the loader refuse a bad value. What the
public pages show is in tests/routekaart/test_contact.py."""

import textwrap

import pytest
import tablib
from django.core.exceptions import ValidationError

from catalog.curation.resources import OrganisationResource
from catalog.starting_data import PortalDataError, read_portal_data
from tests.admin_forms import admin_form_data
from tests.factories import LoketFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]


@pytest.mark.parametrize(
    "phone, link",
    [
        ("038 499 88 99", "tel:0384998899"),
        ("+31 38 499 88 99", "tel:+31384998899"),
        ("(038) 499-8899", "tel:0384998899"),
        ("14 038", "tel:14038"),
    ],
)
def test_phone_numbers_as_people_write_them_are_accepted_and_dialled_as_digits(phone, link):
    loket = LoketFactory(phone=phone)
    loket.full_clean()
    assert loket.phone_link == link


@pytest.mark.parametrize("phone", ["bel ons", "038 499 88 99 (ma-vr)", "12", "0" * 16, "+"])
def test_a_phone_field_holds_a_number_only(phone):
    with pytest.raises(ValidationError) as error:
        LoketFactory(phone=phone).full_clean()
    assert "Vul een telefoonnummer in met alleen cijfers" in str(error.value.message_dict["phone"])


def test_the_e_mail_and_contact_page_must_be_addresses():
    with pytest.raises(ValidationError) as error:
        LoketFactory(email="info at loket", contact_url="loket.nl/contact").full_clean()
    assert set(error.value.message_dict) >= {"email", "contact_url"}


def test_an_empty_organisation_is_not_reachable():
    assert not LoketFactory().reachable
    assert LoketFactory(visiting_address="Marktstraat 1, Testdorp").reachable


def test_editor_fills_the_contact_fields_of_their_loket_in_the_admin(client, editor, loket):
    # A concept: a change to a published record waits for a curator (tests/curation/test_revisions.py).
    type(loket).objects.filter(pk=loket.pk).update(publication_status="concept")
    client.force_login(editor)
    url = f"/beheer/catalog/organisation/{loket.pk}/change/"
    opened = client.get(url)
    assert (
        "Alleen invullen uit een bron" in opened.content.decode()
    )  # the help text says where values come from
    response = client.post(url, admin_form_data(opened, phone="bel ons", email="geen adres"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"phone", "email"}
    response = client.post(
        url,
        admin_form_data(
            opened, phone="038 123 45 67", email="info@loket.example", visiting_address="Plein 1, Stad"
        ),
    )
    assert response.status_code == 302
    loket.refresh_from_db()
    assert (loket.phone, loket.email, loket.visiting_address) == (
        "038 123 45 67",
        "info@loket.example",
        "Plein 1, Stad",
    )


def test_import_explains_a_bad_phone_number(admin_user, loket):
    dataset = OrganisationResource().export(queryset=type(loket).objects.filter(pk=loket.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert {"e_mail", "telefoon", "bezoekadres", "contactpagina"} <= set(row)
    bad = tablib.Dataset(headers=dataset.headers)
    bad.append([{**row, "telefoon": "bel ons"}[header] for header in dataset.headers])
    result = OrganisationResource().import_data(bad, dry_run=True, user=admin_user)
    assert "phone" in result.invalid_rows[0].error_dict


def test_the_loader_refuses_a_bad_contact_value(tmp_path):
    (tmp_path / "data.yaml").write_text(
        textwrap.dedent(
            """
            documents:
              - {code: "900", file: test.txt, title: Testbron, published_on: 2021-05-25, line_count: 100}
            organisations:
              - slug: testloket
                name: Testloket
                kind: innovatieloket
                phone: bel ons
                email: geen adres
                contact_url: loket.nl
                description: Een loket.
                sources: [{file: "900", lines: "1"}]
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(PortalDataError) as error:
        read_portal_data(tmp_path)
    problems = "\n".join(error.value.problems)
    assert "phone 'bel ons' is not valid" in problems
    assert "email 'geen adres' is not valid" in problems
    assert "contact_url 'loket.nl' is not valid" in problems
