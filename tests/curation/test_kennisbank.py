"""The kennisbank in /beheer/: knowledge offers and learning communities follow the same curation as the other
records (roles, workflow, history, import and export, link check, review dashboard, reports, page cache)."""

import datetime

import pytest
import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.curation import dashboard, workflow
from catalog.curation.resources import KnowledgeOfferResource, LearningCommunityResource
from catalog.curation.roles import editable
from catalog.models import (
    KnowledgeOffer,
    LearningCommunity,
    LinkCheck,
    OutdatedReport,
    PublicationStatus,
    RecordKind,
    Source,
)
from common import pagecache
from tests.admin_forms import admin_form_data, submit
from tests.factories import (
    FactorFactory,
    KnowledgeOfferFactory,
    LearningCommunityFactory,
    OrganisationFactory,
    ThemeFactory,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

OFFERS = "/beheer/catalog/knowledgeoffer/"
COMMUNITIES = "/beheer/catalog/learningcommunity/"


@pytest.fixture(autouse=True)
def _without_the_starting_kennisbank(db):
    """The admin lists here show only the test's own records (rolled back after each test)."""
    KnowledgeOffer.objects.all().delete()
    LearningCommunity.objects.all().delete()


@pytest.fixture
def offer(loket, region, source):
    """A published offer of `loket` in `region`, checked today."""
    record = KnowledgeOfferFactory(
        name="Stage bij het eigen loket",
        provider=loket,
        regions=[region],
        factors=[FactorFactory()],
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


@pytest.fixture
def other_offer(other_loket, other_region, source):
    record = KnowledgeOfferFactory(
        name="Afstudeeropdracht bij het andere loket",
        provider=other_loket,
        regions=[other_region],
        publication_status=PublicationStatus.CONCEPT,
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


@pytest.fixture
def community(loket, region, source):
    record = LearningCommunityFactory(
        name="Leerkring van het eigen loket",
        contact=loket,
        regions=[region],
        participants=[OrganisationFactory(name="Deelnemende school")],
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


@pytest.fixture
def other_community(other_loket, other_region, source):
    record = LearningCommunityFactory(
        name="Leerkring van het andere loket",
        contact=other_loket,
        regions=[other_region],
        publication_status=PublicationStatus.CONCEPT,
        last_reviewed=timezone.localdate(),
    )
    record.sources.add(source)
    return record


def listed(response):
    return [row.th.get_text(strip=True) for row in page(response).select("#result_list tbody tr")]


# --- Who sees and edits what ------------------------------------------------------------------------------


def test_an_editor_edits_the_offers_of_their_organisation_and_the_communities_it_is_the_contact_of(
    editor, offer, other_offer, community, other_community
):
    assert set(editable(editor, KnowledgeOffer.objects.all())) == {offer}
    assert set(editable(editor, LearningCommunity.objects.all())) == {community}


def test_a_curator_reviews_what_lies_within_their_region(
    curator, province, municipality, offer, other_offer, community, other_community
):
    local = KnowledgeOfferFactory(regions=[municipality])
    provincial = KnowledgeOfferFactory(regions=[province])  # the provincie curates it
    offers = set(editable(curator, KnowledgeOffer.objects.all()))
    assert {offer, local} <= offers
    assert other_offer not in offers and provincial not in offers
    assert set(editable(curator, LearningCommunity.objects.all())) == {community}


def test_a_provincial_admin_edits_everything(provincial_admin, admin_user, offer, other_offer, community):
    for user in (provincial_admin, admin_user):
        assert set(editable(user, KnowledgeOffer.objects.all())) == {offer, other_offer}
        assert set(editable(user, LearningCommunity.objects.all())) == {community}


@pytest.mark.parametrize(
    ("url", "own", "others"),
    [(OFFERS, "offer", "other_offer"), (COMMUNITIES, "community", "other_community")],
)
def test_an_editor_of_another_organisation_neither_sees_nor_opens_a_draft(
    client, request, editor, other_editor, url, own, others
):
    own, others = request.getfixturevalue(own), request.getfixturevalue(others)
    client.force_login(editor)
    assert listed(client.get(url)) == [own.name]
    assert others.name not in text(client.get(url))
    for path in ("change", "delete", "history"):
        assert client.get(f"{url}{others.pk}/{path}/").status_code == 403
    assert client.post(f"{url}{others.pk}/change/", {"name": "Overgenomen"}).status_code == 403
    others.refresh_from_db()
    assert others.name != "Overgenomen"
    client.force_login(other_editor)
    assert listed(client.get(url)) == [others.name]


def test_the_menu_shows_the_kennisbank_to_who_has_records_in_it(client, editor, make_user, offer, community):
    client.force_login(editor)
    response = client.get("/beheer/")
    menu = links(response)
    assert OFFERS in menu and COMMUNITIES in menu
    assert "Kennisaanbod" in text(response) and "Leergemeenschappen" in text(response)
    client.force_login(make_user("zonder-rol"))
    assert OFFERS not in links(client.get("/beheer/"))


def test_an_editor_picks_only_their_own_organisation_as_provider_or_contact(
    client, editor, loket, other_loket, offer, community
):
    client.force_login(editor)
    for url, field in ((OFFERS, "provider"), (COMMUNITIES, "contact")):
        choices = client.get(f"{url}add/").context["adminform"].form.fields[field].queryset
        assert loket in choices and other_loket not in choices
    response = submit(client, f"{OFFERS}{offer.pk}/change/", provider=str(other_loket.pk))
    assert response.status_code == 200  # refused: the form comes back
    assert "provider" in response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.provider == loket


def autocomplete(client, model, field, term):
    response = client.get(
        "/beheer/autocomplete/",
        {"app_label": "catalog", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_autocomplete_names_no_other_lokets_concept(client, editor, loket, other_loket):
    OrganisationFactory(name="Geheime school in oprichting", publication_status=PublicationStatus.CONCEPT)
    OrganisationFactory(name="Geheime school die bestaat")
    client.force_login(editor)
    assert autocomplete(client, "learningcommunity", "participants", "Geheime") == [
        "Geheime school die bestaat"
    ]
    assert autocomplete(client, "knowledgeoffer", "provider", other_loket.name) == []  # own organisation only
    assert autocomplete(client, "learningcommunity", "contact", loket.name) == [loket.name]


# --- Workflow ---------------------------------------------------------------------------------------------


def test_an_editor_submits_for_review_and_the_curator_of_the_region_publishes(client, editor, curator, offer):
    KnowledgeOffer.objects.filter(pk=offer.pk).update(publication_status="concept", last_reviewed=None)
    url = f"{OFFERS}{offer.pk}/change/"
    client.force_login(editor)
    options = page(client.get(url)).select("select[name=publication_status] option")
    assert [option.get_text() for option in options] == ["Concept", "Ter review"]
    response = submit(client, url, publication_status="gepubliceerd")  # a forged value: refused
    assert "publication_status" in response.context["adminform"].form.errors
    assert submit(client, url, publication_status="ter-review").status_code == 302
    client.force_login(curator)
    response = client.post(OFFERS, {"action": "publish", "_selected_action": [offer.pk]})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.publication_status == PublicationStatus.PUBLISHED
    assert offer.last_reviewed == timezone.localdate()  # publishing is a review
    assert offer.history.latest().history_user == curator


def test_a_curator_of_another_region_cannot_move_a_community(make_user, other_region, community):
    stranger = make_user("curator-elders", "Regionale curator", regions=[other_region])
    assert workflow.allowed_transitions(stranger, community) == set()


# --- History ----------------------------------------------------------------------------------------------


def test_one_save_is_one_history_entry_with_the_relations(client, editor, community):
    school = OrganisationFactory(name="Nieuwe deelnemer")
    theme = ThemeFactory()
    participants = {*community.participants.values_list("pk", flat=True), school.pk}
    community.publication_status = PublicationStatus.CONCEPT  # a published one waits for review
    community.save()
    before = community.history.count()
    client.force_login(editor)
    response = submit(
        client,
        f"{COMMUNITIES}{community.pk}/change/",
        participants=[str(pk) for pk in participants],
        themes=[str(theme.pk)],
        rhythm="Elke maand",
    )
    assert response.status_code == 302
    assert community.history.count() == before + 1
    latest = community.history.latest()
    assert latest.history_user == editor
    assert {row.organisation_id for row in latest.participants.all()} == participants
    assert {row.theme_id for row in latest.themes.all()} == {theme.pk}
    assert {row.source_id for row in latest.sources.all()} == set(
        community.sources.values_list("pk", flat=True)
    )
    assert editor.username in text(client.get(f"{COMMUNITIES}{community.pk}/history/"))


def test_a_revert_brings_back_an_offers_old_regions(client, editor, region, municipality, offer):
    offer.publication_status = PublicationStatus.CONCEPT  # a published one waits for review
    offer.save()
    version = offer.history.latest()
    client.force_login(editor)
    submit(client, f"{OFFERS}{offer.pk}/change/", regions=[str(municipality.pk)])
    assert list(offer.regions.all()) == [municipality]
    url = f"{OFFERS}{offer.pk}/history/{version.history_id}/"
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    assert list(offer.regions.all()) == [region]


# --- The admin lists --------------------------------------------------------------------------------------


def test_the_offer_list_shows_and_filters_form_level_and_status(admin_client, offer, other_offer):
    KnowledgeOffer.objects.filter(pk=other_offer.pk).update(form="gastles", level="mbo")
    html = page(admin_client.get(OFFERS))
    headers = [th.get_text(" ", strip=True).lower() for th in html.select("#result_list thead th")]
    for column in ("naam", "aanbieder", "vorm van samenwerking", "niveau", "publicatiestatus", "verouderd"):
        assert any(column in header for header in headers), column
    filters = html.find(id="changelist-filter").get_text()
    assert "vorm van samenwerking" in filters and "niveau" in filters and "publicatiestatus" in filters
    assert listed(admin_client.get(OFFERS, {"form": "gastles"})) == [other_offer.name]
    assert listed(admin_client.get(OFFERS, {"level": "mbo"})) == [other_offer.name]
    assert listed(admin_client.get(OFFERS, {"publication_status__exact": "gepubliceerd"})) == [offer.name]
    assert listed(admin_client.get(OFFERS, {"q": "Afstudeeropdracht"})) == [other_offer.name]
    assert listed(admin_client.get(OFFERS, {"q": "Ander loket"})) == [other_offer.name]  # by provider


def test_the_community_list_shows_and_filters_status(admin_client, community, other_community):
    LearningCommunity.objects.filter(pk=other_community.pk).update(status="actief")
    html = page(admin_client.get(COMMUNITIES))
    filters = html.find(id="changelist-filter").get_text()
    assert "status" in filters and "publicatiestatus" in filters
    assert listed(admin_client.get(COMMUNITIES, {"status": "actief"})) == [other_community.name]
    assert listed(admin_client.get(COMMUNITIES, {"q": "Ander loket"})) == [other_community.name]


def test_the_forms_speak_dutch(admin_client, offer, community):
    offer_form = text(admin_client.get(f"{OFFERS}{offer.pk}/change/"))
    for label in (
        "Vorm van samenwerking",
        "Wanneer het kan beginnen",
        "Hoe u contact zoekt",
        "Leeg: onbekend",
    ):
        assert label in offer_form
    community_form = text(admin_client.get(f"{COMMUNITIES}{community.pk}/change/"))
    for label in ("Contactorganisatie", "Deelnemers", "Hoe vaak", "Alleen wat een bron zegt"):
        assert label in community_form


# --- Review dashboard and reports -------------------------------------------------------------------------


def test_the_dashboard_lists_stale_offers_and_communities_by_their_organisation(
    editor, loket, offer, community
):
    KnowledgeOffer.objects.filter(pk=offer.pk).update(last_reviewed=datetime.date(2020, 1, 1))
    LearningCommunity.objects.filter(pk=community.pk).update(last_reviewed=None)
    OutdatedReport.objects.create(record_kind="knowledgeoffer", record_slug=offer.slug, message="Oud")
    loket.__class__.objects.filter(pk=loket.pk).update(last_reviewed=timezone.localdate())
    groups = dashboard.review_items(editor)
    assert [item.name for item in groups["stale"]] == [offer.name]
    assert [item.name for item in groups["never"]] == [community.name]
    assert [item.name for item in groups["reports"]] == [offer.name]
    assert groups["stale"][0].admin_url == reverse("admin:catalog_knowledgeoffer_change", args=[offer.pk])
    (row,) = dashboard.organisation_summary(groups)
    assert row.organisation == loket.name
    assert row.counts == {"review": 0, "stale": 1, "never": 1, "broken": 0, "reports": 1, "expired": 0}


def test_the_stale_filter_works_on_the_new_lists(admin_client, offer, community):
    KnowledgeOffer.objects.filter(pk=offer.pk).update(last_reviewed=None)
    assert listed(admin_client.get(OFFERS, {"verouderd": "nooit"})) == [offer.name]
    assert listed(admin_client.get(COMMUNITIES, {"verouderd": "ja"})) == []


def test_reports_about_the_kennisbank_reach_the_editors_of_the_record(
    client, editor, other_editor, offer, community, other_community
):
    about_offer = OutdatedReport.objects.create(
        record_kind=RecordKind.KNOWLEDGE_OFFER, record_slug=offer.slug, message="Stage is vol"
    )
    about_community = OutdatedReport.objects.create(
        record_kind=RecordKind.LEARNING_COMMUNITY, record_slug=community.slug, message="Gestopt"
    )
    elsewhere = OutdatedReport.objects.create(
        record_kind=RecordKind.LEARNING_COMMUNITY, record_slug=other_community.slug, message="Anders"
    )
    client.force_login(editor)
    response = client.get("/beheer/catalog/outdatedreport/")
    assert set(response.context["cl"].result_list) == {about_offer, about_community}
    change = client.get(f"/beheer/catalog/outdatedreport/{about_community.pk}/change/")
    assert reverse("admin:catalog_learningcommunity_change", args=[community.pk]) in links(change)
    client.force_login(other_editor)
    assert set(client.get("/beheer/catalog/outdatedreport/").context["cl"].result_list) == {elsewhere}


# --- Import and export ------------------------------------------------------------------------------------


@pytest.fixture
def full_offer(offer, other_region, source):
    KnowledgeOffer.objects.filter(pk=offer.pk).update(
        level="hbo",
        aim="exploreren",
        duration="kort",
        description="Studenten lopen een half jaar mee.",
        starts="Februari en september",
        how_to_start="Mail de stagecoördinator.",
        website="https://example.org/stage",
        inferred=["level"],
        internal_note="Niveau afgeleid uit de opleiding.",
    )
    offer.refresh_from_db()
    offer.regions.add(other_region)
    offer.themes.set([ThemeFactory()])
    return offer


@pytest.fixture
def full_community(community, other_loket):
    LearningCommunity.objects.filter(pk=community.pk).update(
        status="actief",
        rhythm="Elke maand",
        meeting_place="Op de campus",
        how_to_join="Meld u aan bij het loket.",
        participants_note="En enkele zzp'ers.",
        website="https://example.org/leerkring",
    )
    community.refresh_from_db()
    community.participants.add(other_loket)
    community.factors.set([FactorFactory()])
    return community


def snapshot(resource_class):
    return sorted(resource_class().export().dict, key=lambda row: row["slug"]), Source.objects.count()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("resource_class", [KnowledgeOfferResource, LearningCommunityResource])
def test_a_round_trip_changes_nothing(admin_user, full_offer, full_community, resource_class, file_format):
    dataset = resource_class().export()
    dataset = tablib.Dataset().load(dataset.export(file_format), format=file_format)
    assert len(dataset) == resource_class._meta.model.objects.count()
    result = resource_class().import_data(dataset, dry_run=True, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(dataset)


def test_export_columns_are_human_friendly(full_offer, full_community, region, other_region, other_loket):
    offers = KnowledgeOfferResource().export(queryset=KnowledgeOffer.objects.filter(pk=full_offer.pk))
    (row,) = offers.dict
    assert list(row)[:5] == ["slug", "naam", "aanbieder", "vorm", "niveau"]
    assert row["aanbieder"] == full_offer.provider.slug
    assert row["werkgebied"] == ", ".join(sorted([region.slug, other_region.slug]))
    assert row["afgeleid"] == "level"
    (row,) = (
        LearningCommunityResource()
        .export(queryset=LearningCommunity.objects.filter(pk=full_community.pk))
        .dict
    )
    assert row["contactorganisatie"] == full_community.contact.slug
    assert other_loket.slug in row["deelnemers"]
    assert row["status"] == "actief"


def offer_rows(offer, **changes):
    """Two rows: `offer` with a new name, and a new offer with `changes`."""
    dataset = KnowledgeOfferResource().export(queryset=KnowledgeOffer.objects.filter(pk=offer.pk))
    existing = dict(zip(dataset.headers, dataset[0], strict=True))
    new = {**existing, "slug": "nieuw-aanbod", "naam": "Nieuw aanbod", **changes}
    existing["naam"] = "Gewijzigde naam"
    return tablib.Dataset(list(existing.values()), list(new.values()), headers=list(existing))


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"aanbieder": "bestaat-niet"}, "provider", "Onbekende organisatie: bestaat-niet"),
        ({"vorm": "snuffelstage"}, "form", "snuffelstage"),
        ({"niveau": "mavo"}, "level", "mavo"),
        ({"werkgebied": "nergensland"}, "regions", "nergensland"),
        ({"bronnen": "onbekend-document:1-2"}, "sources", "Onbekend brondocument: onbekend-document"),
        ({"afgeleid": "provider"}, "inferred", "Mogelijk:"),
        ({"samenvatting": ""}, "summary", ""),
    ],
)
def test_a_bad_row_is_explained_and_nothing_changes(admin_user, offer, changes, column, message):
    before = snapshot(KnowledgeOfferResource)
    result = KnowledgeOfferResource().import_data(
        offer_rows(offer, **changes), dry_run=False, user=admin_user
    )
    assert [row.number for row in result.invalid_rows] == [2]
    errors = result.invalid_rows[0].error_dict
    assert column in errors
    assert message in " ".join(str(error) for error in errors[column])
    assert snapshot(KnowledgeOfferResource) == before
    assert not KnowledgeOffer.objects.filter(slug="nieuw-aanbod").exists()


def test_a_community_with_an_unknown_contact_is_refused(admin_user, community):
    dataset = LearningCommunityResource().export(queryset=LearningCommunity.objects.filter(pk=community.pk))
    dataset = tablib.Dataset(
        [
            value if header != "contactorganisatie" else "bestaat-niet"
            for header, value in zip(dataset.headers, dataset[0], strict=True)
        ],
        headers=dataset.headers,
    )
    result = LearningCommunityResource().import_data(dataset, dry_run=False, user=admin_user)
    assert "Onbekende organisatie: bestaat-niet" in str(result.invalid_rows[0].error_dict["contact"])


def test_a_clean_import_through_the_admin(admin_client, offer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("aanbod.csv", offer_rows(offer).export("csv").encode())
    response = admin_client.post(
        reverse("admin:catalog_knowledgeoffer_import"), {"import_file": upload, "format": 0, "resource": 0}
    )
    assert "Accepteer de import" in text(response)
    confirm = response.context["confirm_form"]
    data = {name: value for name, value in confirm.initial.items() if value is not None}
    assert admin_client.post(reverse("admin:catalog_knowledgeoffer_process_import"), data).status_code == 302
    new = KnowledgeOffer.objects.get(slug="nieuw-aanbod")
    assert new.provider == offer.provider
    offer.refresh_from_db()
    assert offer.name == "Gewijzigde naam"


def test_import_is_for_provincial_administrators_only(client, editor, provincial_admin):
    client.force_login(editor)
    assert client.get(reverse("admin:catalog_learningcommunity_import")).status_code == 403
    assert client.get(reverse("admin:catalog_learningcommunity_export")).status_code == 200
    client.force_login(provincial_admin)
    assert client.get(reverse("admin:catalog_learningcommunity_import")).status_code == 200


# --- Link check -------------------------------------------------------------------------------------------


def test_the_link_check_checks_the_website_and_the_admin_shows_it(
    admin_client, monkeypatch, offer, community
):
    from catalog.curation import linkcheck

    KnowledgeOffer.objects.filter(pk=offer.pk).update(website="https://example.org/stage-weg")
    LearningCommunity.objects.filter(pk=community.pk).update(website="https://example.org/leerkring")
    monkeypatch.setattr(linkcheck, "refusal", lambda url: "")
    answers = {"https://example.org/stage-weg": linkcheck.Result(404, False, "HTTP 404")}
    monkeypatch.setattr(
        linkcheck, "check_url", lambda url, timeout: answers.get(url, linkcheck.Result(200, True))
    )
    call_command("check_links", verbosity=0)
    offer_type = ContentType.objects.get_for_model(KnowledgeOffer)
    community_type = ContentType.objects.get_for_model(LearningCommunity)
    assert not LinkCheck.objects.get(
        content_type=offer_type, object_id=offer.pk, url__endswith="stage-weg"
    ).ok
    assert LinkCheck.objects.get(
        content_type=community_type, object_id=community.pk, url__endswith="leerkring"
    ).ok
    assert listed(admin_client.get(OFFERS, {"link_werkt_niet": "ja"})) == [offer.name]
    assert listed(admin_client.get(COMMUNITIES, {"link_werkt_niet": "ja"})) == []


# --- Page cache -------------------------------------------------------------------------------------------


def test_every_change_of_the_kennisbank_invalidates_the_page_cache(
    offer, community, other_loket, other_region
):
    changes = [
        lambda: offer.save(),
        lambda: offer.regions.add(other_region),
        lambda: offer.factors.clear(),
        lambda: community.participants.add(other_loket),
        lambda: community.participants.remove(other_loket),
        lambda: community.themes.add(ThemeFactory()),
        lambda: LearningCommunityFactory(contact=other_loket),
        lambda: community.delete(),
    ]
    for change in changes:
        before = pagecache.version()
        change()
        assert pagecache.version() != before
