"""Per role: what a user sees, changes, publishes and deletes in /beheer/, and nothing of another loket."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR, editable
from catalog.models import Factor, Instrument, Organisation, PracticeExample, Region
from routekaart.models import HandoffRequest
from routekaart.role_setup import ROLE_PERMISSIONS
from tests.factories import InstrumentFactory

from .conftest import submit

pytestmark = pytest.mark.django_db

INSTRUMENTS = "/beheer/catalog/instrument/"
HANDOFFS = "/beheer/routekaart/handoffrequest/"


def instrument(slug):
    return Instrument.objects.get(slug=slug)


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


# --- Scope: editable() ----------------------------------------------------------------------------------


def test_loket_editor_may_edit_their_own_organisation_and_its_instruments_only(twente_editor):
    assert slugs(editable(twente_editor, Organisation.objects.all())) == {"novel-t"}
    own = slugs(editable(twente_editor, Instrument.objects.all()))
    assert {"innovatiemakelaars-novel-t", "events-novel-t"} <= own
    assert own == set(Instrument.objects.filter(provider__slug="novel-t").values_list("slug", flat=True))
    assert not editable(twente_editor, Region.objects.all()).exists()


def test_records_assigned_to_an_editor_become_editable(make_user):
    extra = instrument("innovatieadvies-kennispoort-regio-zwolle")
    user = make_user("redacteur-extra", LOKET_EDITOR, organisations=["novel-t"], assigned=[extra])
    assert extra in editable(user, Instrument.objects.all())
    assert "kennispoort-regio-zwolle" not in slugs(editable(user, Organisation.objects.all()))


def test_regional_curator_may_edit_what_lies_within_their_region(twente_curator):
    instruments = editable(twente_curator, Instrument.objects.all())
    assert instrument("innovatiemakelaars-novel-t") in instruments
    assert instrument("innovatieadvies-kennispoort-regio-zwolle") not in instruments
    # A province-wide instrument also serves Twente, but does not lie within it: the provincie curates it.
    assert not instruments.filter(regions__slug="overijssel").exists()
    regions = slugs(editable(twente_curator, Region.objects.all()))
    assert "twente" in regions and "overijssel" not in regions and "regio-zwolle" not in regions
    examples = editable(twente_curator, PracticeExample.objects.all())
    assert all(e.region.lineage.filter(slug="twente").exists() for e in examples)


def test_provincial_admin_and_superuser_may_edit_everything(provincial_admin, admin_user):
    for user in (provincial_admin, admin_user):
        assert editable(user, Instrument.objects.all()).count() == Instrument.objects.count()


def test_a_staff_user_without_a_role_may_edit_nothing(make_user):
    assert not editable(make_user("zomaar"), Instrument.objects.all()).exists()


# --- The admin, per role -------------------------------------------------------------------------------


def test_editor_lists_only_their_own_instruments(client, twente_editor):
    novel_t = Organisation.objects.get(slug="novel-t")
    client.force_login(twente_editor)
    with CaptureQueriesContext(connection) as before:
        client.get(INSTRUMENTS)
    InstrumentFactory.create_batch(12, provider=novel_t, regions=[Region.objects.get(slug="twente")])
    with CaptureQueriesContext(connection) as after:
        html = client.get(INSTRUMENTS).content.decode()
    assert len(after) == len(before)  # the queries do not grow with the number of records
    assert html.count('class="action-select"') == 16
    assert "Innovatiemakelaars van Novel-T" in html
    assert "Innovatieadvies van Kennispoort" not in html


def test_editor_of_another_loket_cannot_reach_a_record_by_url(client, zwolle_editor):
    record = instrument("innovatiemakelaars-novel-t")
    client.force_login(zwolle_editor)
    for page in ["change", "delete", "history"]:
        assert client.get(f"{INSTRUMENTS}{record.pk}/{page}/").status_code == 403, page
    version = record.history.latest()
    assert client.get(f"{INSTRUMENTS}{record.pk}/history/{version.history_id}/").status_code == 403
    assert client.get(f"/beheer/voorbeeld/instrument/{record.pk}/").status_code == 404
    response = client.post(f"{INSTRUMENTS}{record.pk}/change/", {"name": "Overgenomen"})
    assert response.status_code == 403
    assert client.post(f"{INSTRUMENTS}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.name == "Innovatiemakelaars van Novel-T (innovatieloket Twente)"


def test_a_missing_record_is_not_found_rather_than_an_error(client, twente_editor):
    client.force_login(twente_editor)
    assert client.get(f"{INSTRUMENTS}999999/change/").status_code == 302  # the admin's "does not exist"
    assert client.get(f"{INSTRUMENTS}geen-nummer/change/").status_code == 302


def test_editor_changes_their_own_record_but_cannot_delete_or_publish(client, twente_editor):
    record = instrument("events-novel-t")
    client.force_login(twente_editor)
    response = submit(client, f"{INSTRUMENTS}{record.pk}/change/", status_note="Elke maand een event.")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status_note == "Elke maand een event."
    assert client.get(f"{INSTRUMENTS}{record.pk}/delete/").status_code == 403
    actions = client.get(INSTRUMENTS).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "submit_for_review" in names
    assert "publish" not in names and "archive" not in names


def test_curator_deletes_within_their_region_only(client, twente_curator):
    client.force_login(twente_curator)
    own, other = instrument("events-novel-t"), instrument("innovatieadvies-kennispoort-regio-zwolle")
    assert client.get(f"{INSTRUMENTS}{own.pk}/delete/").status_code == 200
    assert client.get(f"{INSTRUMENTS}{other.pk}/delete/").status_code == 403
    assert client.post(f"{INSTRUMENTS}{own.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Instrument.objects.filter(pk=own.pk).exists()


def test_provincial_admin_changes_and_deletes_anything_and_manages_users(
    client, provincial_admin, twente_editor
):
    client.force_login(provincial_admin)
    other = instrument("innovatieadvies-kennispoort-regio-zwolle")
    assert client.get(f"{INSTRUMENTS}{other.pk}/change/").status_code == 200
    assert client.get(f"{INSTRUMENTS}{other.pk}/delete/").status_code == 200
    assert client.get("/beheer/auth/user/").status_code == 200
    page = client.get(f"/beheer/auth/user/{twente_editor.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields  # only a superuser makes superusers
    assert "user_permissions" not in form.fields
    assert "groups" in form.fields


def test_editor_picks_only_their_own_organisation_as_provider(client, twente_editor):
    client.force_login(twente_editor)
    novel_t = Organisation.objects.get(slug="novel-t")
    zwolle = Organisation.objects.get(slug="kennispoort-regio-zwolle")
    twente = Region.objects.get(slug="twente")
    page = client.get(f"{INSTRUMENTS}add/")
    assert set(page.context["adminform"].form.fields["provider"].queryset) == {novel_t}
    sources = page.context["inline_admin_formsets"][0].formset.prefix
    data = {
        "name": "Nieuwe regeling",
        "slug": "nieuwe-regeling",
        "kind": "subsidie",
        "provider": zwolle.pk,  # not theirs
        "regions": [twente.pk],
        "factors": [Factor.objects.get(slug="kennis").pk],
        "status": "doorlopend",
        "publication_status": "concept",
        "description": "Een nieuwe regeling van Novel-T.",
        f"{sources}-TOTAL_FORMS": "0",
        f"{sources}-INITIAL_FORMS": "0",
    }
    response = client.post(f"{INSTRUMENTS}add/", data)
    assert response.status_code == 200
    assert "provider" in response.context["adminform"].form.errors
    assert not Instrument.objects.filter(slug="nieuwe-regeling").exists()
    data["provider"] = novel_t.pk
    response = client.post(f"{INSTRUMENTS}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Instrument.objects.get(slug="nieuwe-regeling")
    assert created.publication_status == "concept" and created.provider == novel_t
    assert created in editable(twente_editor, Instrument.objects.all())


def test_autocomplete_offers_own_providers_but_every_partner(client, twente_editor):
    client.force_login(twente_editor)

    def results(model, field):
        response = client.get(
            "/beheer/autocomplete/",
            {"app_label": "catalog", "model_name": model, "field_name": field, "term": "Kennispoort"},
        )
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    assert results("instrument", "provider") == []
    assert "Kennispoort Regio Zwolle" in results("practiceexample", "partners")


# --- Hand-off requests ---------------------------------------------------------------------------------


def handoff(loket_slug, region_slug, company):
    return HandoffRequest.objects.create(
        loket=Organisation.objects.get(slug=loket_slug),
        region=Region.objects.get(slug=region_slug),
        profile=f"regio={region_slug}&type=B",
        entrepreneur_type="B",
        name="Ondernemer",
        email="ondernemer@example.nl",
        company=company,
        question="Hoe vind ik een stagiair?",
        consent=True,
    )


def test_handoff_requests_by_role(client, twente_editor, zwolle_editor, twente_curator, provincial_admin):
    twente = handoff("novel-t", "twente", "Twents bedrijf")
    zwolle = handoff("kennispoort-regio-zwolle", "regio-zwolle", "Zwols bedrijf")
    seen = {}
    for user in (twente_editor, zwolle_editor, twente_curator, provincial_admin):
        client.force_login(user)
        html = client.get(HANDOFFS).content.decode()
        seen[user.username] = {name for name in ("Twents bedrijf", "Zwols bedrijf") if name in html}
    assert seen == {
        "redacteur-twente": {"Twents bedrijf"},
        "redacteur-zwolle": {"Zwols bedrijf"},
        "curator-twente": {"Twents bedrijf"},
        "provincie": {"Twents bedrijf", "Zwols bedrijf"},
    }
    client.force_login(zwolle_editor)
    assert client.get(f"{HANDOFFS}{twente.pk}/change/").status_code == 403
    assert client.post(f"{HANDOFFS}{twente.pk}/change/", {"status": "afgehandeld"}).status_code == 403
    assert client.get(f"{HANDOFFS}{zwolle.pk}/change/").status_code == 200
    twente.refresh_from_db()
    assert twente.status == "nieuw"


def test_handoff_mail_goes_to_the_editors_of_the_loket(twente_editor, zwolle_editor, mailoutbox):
    from routekaart.handoff import notify_loket

    assert notify_loket(handoff=handoff("novel-t", "twente", "Twents bedrijf")) == 1
    assert mailoutbox[0].to == [twente_editor.email]


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


def test_the_menu_shows_only_what_the_user_may_edit(client, twente_editor, twente_curator):
    client.force_login(twente_editor)
    html = client.get("/beheer/").content.decode()
    assert 'href="/beheer/catalog/instrument/"' in html
    assert 'href="/beheer/catalog/region/"' not in html
    assert 'href="/beheer/catalog/checklist/"' not in html
    client.force_login(twente_curator)
    assert 'href="/beheer/catalog/region/"' in client.get("/beheer/").content.decode()


def test_provincial_admin_cannot_take_over_a_superuser(client, provincial_admin, admin_user):
    client.force_login(provincial_admin)
    assert client.get(f"/beheer/auth/user/{admin_user.pk}/change/").status_code == 403
    assert client.get(f"/beheer/auth/user/{admin_user.pk}/password/").status_code == 403
    assert admin_user not in client.get("/beheer/auth/user/").context["cl"].result_list


def test_reports_of_outdated_information_reach_the_editors_of_the_record(
    client, twente_editor, zwolle_editor
):
    from catalog.models import OutdatedReport

    own = OutdatedReport.objects.create(record_kind="instrument", record_slug="events-novel-t", message="Oud")
    other = OutdatedReport.objects.create(
        record_kind="instrument", record_slug="innovatieadvies-kennispoort-regio-zwolle", message="Ook oud"
    )
    client.force_login(twente_editor)
    response = client.get("/beheer/catalog/outdatedreport/")
    assert set(response.context["cl"].result_list) == {own}
    client.force_login(zwolle_editor)
    assert set(client.get("/beheer/catalog/outdatedreport/").context["cl"].result_list) == {other}


def test_curator_picks_regions_within_their_region_and_keeps_current_ones(client, twente_curator):
    client.force_login(twente_curator)
    form = client.get(f"{INSTRUMENTS}add/").context["adminform"].form
    offered = set(form.fields["regions"].queryset.values_list("slug", flat=True))
    assert "twente" in offered and "overijssel" not in offered and "regio-zwolle" not in offered
    assert "kennispoort-regio-zwolle" in set(form.fields["provider"].queryset.values_list("slug", flat=True))
    # An instrument of Twente that also covers Zwolle keeps Zwolle as a choice when the curator edits it.
    record = instrument("events-novel-t")
    record.regions.add(Region.objects.get(slug="regio-zwolle"))
    form = client.get(f"{INSTRUMENTS}{record.pk}/change/").context["adminform"].form
    assert "regio-zwolle" in set(form.fields["regions"].queryset.values_list("slug", flat=True))
