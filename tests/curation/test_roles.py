"""Per role: what a user sees, changes, publishes and deletes in /beheer/, and nothing of another loket."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.curation import roles
from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR, editable
from catalog.models import (
    Instrument,
    Organisation,
    OutdatedReport,
    PracticeExample,
    PublicationStatus,
    Region,
)
from routekaart.role_setup import ROLE_PERMISSIONS
from tests.admin_forms import submit
from tests.factories import FactorFactory, InstrumentFactory, PracticeExampleFactory
from tests.html import links, page

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"


def listed(response):
    """The names in the rows of an admin change list."""
    return [row.th.get_text(strip=True) for row in page(response).select("#result_list tbody tr")]


# --- Scope: editable() ----------------------------------------------------------------------------------


def test_loket_editor_may_edit_their_own_organisation_and_its_instruments_only(
    editor, loket, instrument, other_instrument
):
    second = InstrumentFactory(provider=loket)
    assert set(editable(editor, Organisation.objects.all())) == {loket}
    assert set(editable(editor, Instrument.objects.all())) == {instrument, second}
    assert not editable(editor, Region.objects.all()).exists()


def test_records_assigned_to_an_editor_become_editable(make_user, loket, other_loket, other_instrument):
    user = make_user("redacteur-extra", LOKET_EDITOR, organisations=[loket], assigned=[other_instrument])
    assert other_instrument in editable(user, Instrument.objects.all())
    assert other_loket not in editable(user, Organisation.objects.all())


def test_regional_curator_may_edit_what_lies_within_their_region(
    curator, province, region, municipality, other_region, instrument, other_instrument
):
    local = InstrumentFactory(regions=[municipality])
    # A province-wide instrument also serves the region, but does not lie within it: the provincie curates it.
    provincial = InstrumentFactory(regions=[province])
    instruments = editable(curator, Instrument.objects.all())
    assert instrument in instruments and local in instruments
    assert other_instrument not in instruments and provincial not in instruments
    regions = set(editable(curator, Region.objects.all()))
    assert {region, municipality} <= regions
    assert province not in regions and other_region not in regions
    inside = PracticeExampleFactory(region=municipality)
    outside = PracticeExampleFactory(region=other_region)
    examples = editable(curator, PracticeExample.objects.all())
    assert inside in examples and outside not in examples


def test_provincial_admin_and_superuser_may_edit_everything(
    provincial_admin, admin_user, instrument, other_instrument
):
    for user in (provincial_admin, admin_user):
        everything = editable(user, Instrument.objects.all())
        assert {instrument, other_instrument} <= set(everything)
        assert everything.count() == Instrument.objects.count()


def test_a_staff_user_without_a_role_may_edit_nothing(make_user, instrument):
    assert not editable(make_user("zomaar"), Instrument.objects.all()).exists()


def test_group_membership_makes_a_provincial_admin(django_user_model):
    user = django_user_model.objects.create_user("provincie", password="x" * 14, is_staff=True)
    assert not roles.is_provincial_admin(user)
    user.groups.add(Group.objects.get_or_create(name=roles.PROVINCIAL_ADMIN)[0])
    user = django_user_model.objects.get(pk=user.pk)  # roles are cached on the user object
    assert roles.is_provincial_admin(user)


# --- The admin, per role -------------------------------------------------------------------------------


def test_editor_lists_only_their_own_instruments(client, editor, loket, region, instrument, other_instrument):
    client.force_login(editor)
    with CaptureQueriesContext(connection) as before:
        assert listed(client.get(INSTRUMENTS)) == [instrument.name]
    added = InstrumentFactory.create_batch(12, provider=loket, regions=[region])
    with CaptureQueriesContext(connection) as after:
        names = listed(client.get(INSTRUMENTS))
    assert len(after) == len(before)  # the queries do not grow with the number of records
    assert sorted(names) == sorted([instrument.name, *(record.name for record in added)])
    assert other_instrument.name not in names


def test_editor_of_another_loket_cannot_reach_a_record_by_url(client, other_editor, instrument):
    name = instrument.name
    client.force_login(other_editor)
    for view in ["change", "delete", "history"]:
        assert client.get(f"{INSTRUMENTS}{instrument.pk}/{view}/").status_code == 403, view
    version = instrument.history.latest()
    assert client.get(f"{INSTRUMENTS}{instrument.pk}/history/{version.history_id}/").status_code == 403
    assert client.get(f"/beheer/voorbeeld/instrument/{instrument.pk}/").status_code == 404
    response = client.post(f"{INSTRUMENTS}{instrument.pk}/change/", {"name": "Overgenomen"})
    assert response.status_code == 403
    assert client.post(f"{INSTRUMENTS}{instrument.pk}/delete/", {"post": "yes"}).status_code == 403
    instrument.refresh_from_db()
    assert instrument.name == name


def test_a_missing_record_is_not_found_rather_than_an_error(client, editor):
    client.force_login(editor)
    assert client.get(f"{INSTRUMENTS}999999/change/").status_code == 302  # the admin's "does not exist"
    assert client.get(f"{INSTRUMENTS}geen-nummer/change/").status_code == 302


def test_editor_changes_their_own_record_but_cannot_delete_or_publish(client, editor, instrument):
    # A concept: a change to a published record waits for review (test_revisions.py).
    Instrument.objects.filter(pk=instrument.pk).update(publication_status=PublicationStatus.CONCEPT)
    client.force_login(editor)
    response = submit(client, f"{INSTRUMENTS}{instrument.pk}/change/", status_note="Elke maand een event.")
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.status_note == "Elke maand een event."
    assert client.get(f"{INSTRUMENTS}{instrument.pk}/delete/").status_code == 403
    actions = client.get(INSTRUMENTS).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "submit_for_review" in names
    assert "publish" not in names and "archive" not in names


def test_curator_deletes_within_their_region_only(client, curator, instrument, other_instrument):
    client.force_login(curator)
    assert client.get(f"{INSTRUMENTS}{instrument.pk}/delete/").status_code == 200
    assert client.get(f"{INSTRUMENTS}{other_instrument.pk}/delete/").status_code == 403
    assert client.post(f"{INSTRUMENTS}{instrument.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Instrument.objects.filter(pk=instrument.pk).exists()
    assert Instrument.objects.filter(pk=other_instrument.pk).exists()


def test_provincial_admin_changes_and_deletes_anything_and_manages_users(
    client, provincial_admin, editor, other_instrument
):
    client.force_login(provincial_admin)
    assert client.get(f"{INSTRUMENTS}{other_instrument.pk}/change/").status_code == 200
    assert client.get(f"{INSTRUMENTS}{other_instrument.pk}/delete/").status_code == 200
    assert client.get("/beheer/auth/user/").status_code == 200
    response = client.get(f"/beheer/auth/user/{editor.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields  # only a superuser makes superusers
    assert "user_permissions" not in form.fields
    assert "groups" in form.fields


def test_editor_picks_only_their_own_organisation_as_provider(client, editor, loket, other_loket, region):
    client.force_login(editor)
    response = client.get(f"{INSTRUMENTS}add/")
    assert set(response.context["adminform"].form.fields["provider"].queryset) == {loket}
    sources = response.context["inline_admin_formsets"][0].formset.prefix
    data = {
        "name": "Nieuwe regeling",
        "slug": "nieuwe-regeling-van-het-eigen-loket",
        "kind": "subsidie",
        "provider": other_loket.pk,  # not theirs
        "regions": [region.pk],
        "factors": [FactorFactory().pk],
        "status": "doorlopend",
        "publication_status": "concept",
        "description": "Een nieuwe regeling van het eigen loket.",
        f"{sources}-TOTAL_FORMS": "0",
        f"{sources}-INITIAL_FORMS": "0",
    }
    response = client.post(f"{INSTRUMENTS}add/", data)
    assert response.status_code == 200
    assert "provider" in response.context["adminform"].form.errors
    assert not Instrument.objects.filter(slug=data["slug"]).exists()
    data["provider"] = loket.pk
    response = client.post(f"{INSTRUMENTS}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Instrument.objects.get(slug=data["slug"])
    assert created.publication_status == "concept" and created.provider == loket
    assert created in editable(editor, Instrument.objects.all())


def test_autocomplete_offers_own_providers_but_every_partner(client, editor, other_loket):
    client.force_login(editor)

    def results(model, field):
        response = client.get(
            "/beheer/autocomplete/",
            {"app_label": "catalog", "model_name": model, "field_name": field, "term": other_loket.name},
        )
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    assert results("instrument", "provider") == []
    assert other_loket.name in results("practiceexample", "partners")


# --- Groups -----------------------------------------------------------------------------------------------


def test_setup_roles_creates_the_groups_and_can_run_again(db):
    call_command("setup_roles", verbosity=0)
    Group.objects.get(name=LOKET_EDITOR).permissions.clear()
    call_command("setup_roles", verbosity=0)
    for name, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        assert group.permissions.count() == len(set(wanted))
    editor_perms = set(Group.objects.get(name=LOKET_EDITOR).permissions.values_list("codename", flat=True))
    assert "change_instrument" in editor_perms and "delete_instrument" not in editor_perms
    assert "delete_instrument" in Group.objects.get(name=REGIONAL_CURATOR).permissions.values_list(
        "codename", flat=True
    )
    assert "change_user" in Group.objects.get(name=PROVINCIAL_ADMIN).permissions.values_list(
        "codename", flat=True
    )


def test_the_migration_created_the_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        LOKET_EDITOR,
        REGIONAL_CURATOR,
        PROVINCIAL_ADMIN,
    }


def test_the_menu_shows_only_what_the_user_may_edit(client, editor, curator):
    client.force_login(editor)
    menu = links(client.get("/beheer/"))
    assert "/beheer/catalog/instrument/" in menu
    assert "/beheer/catalog/region/" not in menu
    assert "/beheer/catalog/checklist/" not in menu
    client.force_login(curator)
    assert "/beheer/catalog/region/" in links(client.get("/beheer/"))


def test_provincial_admin_cannot_take_over_a_superuser(client, provincial_admin, admin_user):
    client.force_login(provincial_admin)
    assert client.get(f"/beheer/auth/user/{admin_user.pk}/change/").status_code == 403
    assert client.get(f"/beheer/auth/user/{admin_user.pk}/password/").status_code == 403
    assert admin_user not in client.get("/beheer/auth/user/").context["cl"].result_list


def test_reports_of_outdated_information_reach_the_editors_of_the_record(
    client, editor, other_editor, instrument, other_instrument
):
    own = OutdatedReport.objects.create(record_kind="instrument", record_slug=instrument.slug, message="Oud")
    other = OutdatedReport.objects.create(
        record_kind="instrument", record_slug=other_instrument.slug, message="Ook oud"
    )
    client.force_login(editor)
    response = client.get("/beheer/catalog/outdatedreport/")
    assert set(response.context["cl"].result_list) == {own}
    client.force_login(other_editor)
    assert set(client.get("/beheer/catalog/outdatedreport/").context["cl"].result_list) == {other}


def test_curator_picks_regions_within_their_region_and_keeps_current_ones(
    client, curator, province, region, municipality, other_region, other_loket, instrument
):
    client.force_login(curator)
    form = client.get(f"{INSTRUMENTS}add/").context["adminform"].form
    offered = set(form.fields["regions"].queryset)
    assert {region, municipality} <= offered
    assert province not in offered and other_region not in offered
    assert other_loket in form.fields["provider"].queryset  # a curator picks any provider
    # An instrument of the region that also covers another region keeps that one as a choice when edited.
    instrument.regions.add(other_region)
    form = client.get(f"{INSTRUMENTS}{instrument.pk}/change/").context["adminform"].form
    assert other_region in form.fields["regions"].queryset


def test_a_user_with_only_a_permission_and_no_role_sees_no_records(client, make_user, instrument):
    """Model permissions alone (no group, no assignment) open the list but show no record in it."""
    user = make_user("alleen-recht")
    user.user_permissions.add(Permission.objects.get(codename="view_instrument"))
    client.force_login(user)
    response = client.get(INSTRUMENTS)
    assert response.status_code == 200
    assert listed(response) == []
