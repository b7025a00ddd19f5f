"""Meld verouderde informatie for the kennisbank: /melden/kennisaanbod/<slug>/ and
/melden/leergemeenschap/<slug>/ (catalog.reports), like the other kinds of record."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import OutdatedReport, PublicationStatus, RecordKind
from tests.factories import KnowledgeOfferFactory, LearningCommunityFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

KINDS = [
    ("kennisaanbod", KnowledgeOfferFactory, RecordKind.KNOWLEDGE_OFFER, "catalog:knowledgeoffer_detail"),
    (
        "leergemeenschap",
        LearningCommunityFactory,
        RecordKind.LEARNING_COMMUNITY,
        "catalog:learningcommunity_detail",
    ),
]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("kind", "factory", "record_kind", "detail"), KINDS)
def test_a_visitor_reports_an_outdated_offer_or_community(client, kind, factory, record_kind, detail):
    record = factory(name="Iets om te melden")
    url = f"/melden/{kind}/{record.slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Iets om te melden" in text(page(response).find("main"))
    assert links(response)[reverse(detail, args=[record.slug])] == "Iets om te melden"
    response = client.post(url, {"message": "Dit loopt niet meer.", "email": ""})
    assert response.status_code == 302
    report = OutdatedReport.objects.get()
    assert (report.record_kind, report.record_slug) == (record_kind, record.slug)
    assert report.message == "Dit loopt niet meer."


@pytest.mark.parametrize(("kind", "factory", "record_kind", "detail"), KINDS)
def test_a_draft_or_an_unknown_slug_is_404(client, kind, factory, record_kind, detail):
    draft = factory(publication_status=PublicationStatus.CONCEPT)
    assert client.get(f"/melden/{kind}/{draft.slug}/").status_code == 404
    assert client.post(f"/melden/{kind}/bestaat-niet/", {"message": "Klopt niet."}).status_code == 404
    assert not OutdatedReport.objects.exists()


def test_the_kind_must_match_the_record(client):
    offer = KnowledgeOfferFactory()
    assert client.get(f"/melden/leergemeenschap/{offer.slug}/").status_code == 404
