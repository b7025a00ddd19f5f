"""The admin (catalog.admin, and what the other apps register): every page opens, in Dutch, on records each
test makes itself."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from catalog.models import (
    Document,
    Instrument,
    Membership,
    OutdatedReport,
    PendingRevision,
    Phase,
    RecordKind,
    SearchSynonym,
    Source,
    Typology,
)
from catalog.reports import submit_report
from ecosystems.models import CoverageSnapshot
from routekaart.models import HandoffRequest, JoinRequest, KnowledgeShare
from tests.factories import (
    AmbassadorFactory,
    ChecklistFactory,
    EntrepreneurTypeFactory,
    FactorFactory,
    FirmSizeFactory,
    InstrumentFactory,
    KnowledgeOfferFactory,
    LearningCommunityFactory,
    LoketFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    ThemeFactory,
)
from tests.html import page

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)


def _source():
    document = Document.objects.create(code="test-bron", title="Testbron", line_count=10)
    return Source.objects.create(document=document, line_start=1, line_end=2)


# One record of its own for every model in the admin; a model added to the admin needs a line here.
BUILDERS = {
    "auth.Group": lambda: Group.objects.create(name="Testgroep"),
    "auth.User": lambda: get_user_model().objects.create_user(
        "testgebruiker", password="een-lang-wachtwoord"
    ),
    "catalog.Region": RegionFactory,
    "catalog.Organisation": OrganisationFactory,
    "catalog.Instrument": lambda: InstrumentFactory(regions=[RegionFactory()], factors=[FactorFactory()]),
    "catalog.PracticeExample": lambda: PracticeExampleFactory(
        factors=[FactorFactory()], organisations=[OrganisationFactory()]
    ),
    "catalog.Membership": lambda: Membership.objects.create(
        collaboration=OrganisationFactory(kind="samenwerking"), member=OrganisationFactory()
    ),
    "catalog.KnowledgeOffer": lambda: KnowledgeOfferFactory(
        regions=[RegionFactory()], factors=[FactorFactory()]
    ),
    "catalog.LearningCommunity": lambda: LearningCommunityFactory(participants=[OrganisationFactory()]),
    "catalog.Ambassador": lambda: AmbassadorFactory(
        organisation=OrganisationFactory(), regions=[RegionFactory()], factors=[FactorFactory()]
    ),
    "catalog.Checklist": ChecklistFactory,
    "catalog.OutdatedReport": lambda: OutdatedReport.objects.create(
        record_kind="instrument", record_slug="testregeling", message="Klopt niet."
    ),
    "catalog.PendingRevision": lambda: PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(Instrument),
        object_id=InstrumentFactory().pk,
        record_name="Testregeling",
        proposed={"name": "Nieuwe naam"},
        author=get_user_model().objects.get(username="admin"),
    ),
    "catalog.Document": lambda: Document.objects.create(code="test-document", title="Testdocument"),
    "catalog.Source": _source,
    "catalog.Phase": lambda: Phase.objects.create(slug="testfase", name="Testfase"),
    "catalog.FirmSize": FirmSizeFactory,
    "catalog.Theme": ThemeFactory,
    "catalog.SearchSynonym": lambda: SearchSynonym.objects.create(key="test", words="kwartel, kwabbel"),
    "catalog.Factor": FactorFactory,
    "catalog.EntrepreneurType": EntrepreneurTypeFactory,
    "catalog.Typology": lambda: Typology.objects.create(slug="testtypologie", name="Testtypologie"),
    "ecosystems.CoverageSnapshot": lambda: CoverageSnapshot.objects.create(data={}, note="Test"),
    # django-axes: the login throttle's records, for unlocking an account (routekaart/settings, LOGIN_*)
    "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
        username="iemand", ip_address="192.0.2.1", user_agent="test", failures_since_start=2
    ),
    "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(
        username="iemand", ip_address="192.0.2.1"
    ),
    "axes.AccessLog": lambda: AccessLog.objects.create(username="iemand", ip_address="192.0.2.1"),
    "routekaart.HandoffRequest": lambda: HandoffRequest.objects.create(
        loket=LoketFactory(),
        region=RegionFactory(),
        profile="type=B",
        entrepreneur_type="B",
        name="Test",
        email="test@example.org",
        company="Testbedrijf",
        question="Hoe begin ik?",
        consent=True,
    ),
    "routekaart.JoinRequest": lambda: JoinRequest.objects.create(
        community=LearningCommunityFactory(),
        name="Test",
        email="test@example.org",
        organisation_name="Testbedrijf",
        consent=True,
    ),
    "routekaart.KnowledgeShare": lambda: KnowledgeShare.objects.create(
        loket=LoketFactory(),
        region=RegionFactory(),
        name="Test",
        email="test@example.org",
        organisation_name="Testbedrijf",
        offer="Een bedrijfsbezoek",
        consent=True,
    ),
}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_list_add_and_change_pages_open(admin_client, admin_user, rf, model):
    record = BUILDERS[model._meta.label]()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    addable = admin.site._registry[model].has_add_permission(request)  # hand-offs come from the site only
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == (200 if addable else 403)
    change = admin_client.get(reverse(f"{prefix}_change", args=[record.pk]), follow=True)
    assert change.status_code == 200
    if model is PendingRevision:  # a change waiting for review opens as its diff page
        assert change.redirect_chain == [(reverse("admin_revision", args=[record.pk]), 302)]
        return
    assert change.context["original"] == record


def test_every_model_in_the_admin_has_a_builder_here():
    assert {model._meta.label for model in MODELS} == set(BUILDERS)


def test_admin_lives_at_beheer_and_speaks_dutch(admin_client, client):
    assert client.get("/beheer/").status_code == 302  # login first
    html = page(admin_client.get("/beheer/"))
    assert "Valorisatieroutekaart: beheer" in html.find(id="site-name").get_text()
    assert "Praktijkvoorbeelden" in [a.get_text(strip=True) for a in html.find_all("a")]


def test_admin_search_for_organisations(admin_client):
    found = OrganisationFactory(name="Zoekbare Kwartelorganisatie")
    other = OrganisationFactory(name="Andere organisatie")
    response = admin_client.get(reverse("admin:catalog_organisation_changelist"), {"q": "Kwartelorganisatie"})
    rows = page(response).find(id="result_list").find("tbody").find_all("tr")
    assert [row.find("a").get_text(strip=True) for row in rows] == [found.name]
    assert other.name not in response.content.decode()


def test_admin_lists_reports_and_links_to_the_record(admin_client):
    instrument = InstrumentFactory()
    report = submit_report(kind=RecordKind.INSTRUMENT, slug=instrument.slug, message="Bedrag klopt niet.")
    gone = OutdatedReport.objects.create(record_kind="region", record_slug="verdwenen", message="Weg.")
    changelist = admin_client.get(reverse("admin:catalog_outdatedreport_changelist"), {"status": "nieuw"})
    assert "Bedrag klopt niet." in changelist.content.decode()
    change = admin_client.get(reverse("admin:catalog_outdatedreport_change", args=[report.pk]))
    assert change.status_code == 200
    hrefs = {a["href"] for a in page(change).find_all("a", href=True)}
    assert reverse("admin:catalog_instrument_change", args=[instrument.pk]) in hrefs
    assert not page(change).find(attrs={"name": "message"})  # what the visitor wrote is read-only
    gone_page = admin_client.get(reverse("admin:catalog_outdatedreport_change", args=[gone.pk]))
    assert "Niet (meer) gevonden" in gone_page.content.decode()
