"""The public pages: what an entrepreneur sees, bad input, and query counts that do not grow with the data."""

import re

import pytest
from django.urls import reverse

from catalog.models import Instrument, Organisation, PublicationStatus
from tests.scale import multiply

pytestmark = pytest.mark.django_db

LISTS = ["catalog:instrument_list", "catalog:organisation_list", "catalog:practiceexample_list"]
DETAILS = [
    ("catalog:instrument_detail", "mit-haalbaarheidsproject"),
    ("catalog:organisation_detail", "novel-t"),
    ("catalog:practiceexample_detail", "move2social"),
    ("ecosystems:region_detail", "twente"),
    ("catalog:factor_detail", "kennis"),
]


def text(response):
    return response.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_list_shows_the_count_in_title_heading_and_status(client, name):
    html = text(client.get(reverse(name)))
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    count = re.search(r"\((\d+)\)", title)[1]
    assert f'<span class="routekaart-count">({count})</span>' in html
    assert re.search(rf'role="status">\s*{count} resulta', html)


def test_filters_live_in_the_url_and_the_form_remembers_them(client):
    html = text(
        client.get(reverse("catalog:instrument_list"), {"factor": ["kennis", "netwerk"], "regio": "twente"})
    )
    assert re.search(r'name="factor" value="kennis" checked', html)
    assert re.search(r'name="factor" value="netwerk" checked', html)
    assert re.search(r'name="regio" value="twente" checked', html)
    assert 'Kennis <span class="routekaart-count">(' in html


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        Instrument.objects.create(
            slug=f"extra-{n}",
            name=f"Extra {n}",
            kind="advies",
            description="x",
            provider=Organisation.objects.get(slug="novel-t"),
            publication_status="gepubliceerd",
        ).factors.set([1])
    html = text(client.get(reverse("catalog:instrument_list"), {"soort": "advies"}))
    assert "soort=advies&amp;pagina=2" in html
    page2 = text(client.get(reverse("catalog:instrument_list"), {"soort": "advies", "pagina": "2"}))
    assert "Pagina 2 van" in page2


def test_instrument_detail_tells_what_to_do(client):
    html = text(client.get(reverse("catalog:instrument_detail", args=["mit-kennisvoucher"])))
    assert "Voor wie en voor wat" in html
    assert "Doorlopend" in html
    assert reverse("catalog:organisation_detail", args=["rvo"]) in html  # who offers it
    assert reverse("catalog:instrument_detail", args=["mit-haalbaarheidsproject"]) in html  # next step
    assert "Verouderd: laatst gecontroleerd op 25 mei 2021" in html  # checked against a 2021 source
    assert "Kennis durven vragen en delen" in html  # the source


def test_status_in_words_for_budget_reached():
    instrument = Instrument(status="budget-bereikt", opens_on=__import__("datetime").date(2027, 3, 1))
    sentence = str(instrument.status_in_words(today=__import__("datetime").date(2026, 11, 23)))
    assert sentence.startswith("Budget bereikt") and "1 maart 2027" in sentence


def test_region_page_has_its_loket_and_instruments_from_every_level(client):
    html = text(client.get(reverse("ecosystems:region_detail", args=["rijssen-holten"])))
    assert "Novel-T" in html
    assert "MIT-kennisvoucher" in html  # national
    assert "MIT-haalbaarheidsproject" in html  # provincial
    assert "Kampus" in html  # a collaboration in Rijssen-Holten


def test_concept_records_are_not_public(client):
    Organisation.objects.filter(slug="novel-t").update(publication_status=PublicationStatus.CONCEPT)
    assert client.get(reverse("catalog:organisation_detail", args=["novel-t"])).status_code == 404
    assert "Novel-T</a>" not in text(client.get(reverse("catalog:organisation_list")))


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("factor=geluk", 400),
        ("regio=atlantis&regio=twente", 400),
        ("type=A&type=A&type=B", 200),
        ("pagina=abc", 200),
        ("pagina=99999", 200),
        ("q=" + "kennis" * 100, 400),
        ("q=%FF%FE", 200),
        ("q=%00", 400),
        ("sorteer=wachtwoord", 400),
        ("status=gesloten&status=gearchiveerd", 200),
    ],
)
def test_bad_input_gets_a_clear_answer_never_a_500(client, query, status):
    response = client.get(reverse("catalog:instrument_list") + "?" + query)
    assert response.status_code == status
    if status == 400:
        assert "Niet alle filters konden worden gebruikt" in text(response)


def test_unknown_detail_is_404(client):
    assert client.get("/instrumenten/bestaat-niet/").status_code == 404
    assert client.get("/regio/atlantis/").status_code == 404


def _max_queries(client, django_assert_max_num_queries, limit):
    for name in LISTS:
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name), {"factor": "kennis", "regio": "twente"}).status_code == 200
    for name, slug in DETAILS:
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name, args=[slug])).status_code == 200


def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    # the region page queries once per level of the region graph (at most six), plus five grouped queries for
    # its coverage table when that is not cached (ecosystems.coverage.region_coverage)
    limit = 40
    _max_queries(client, django_assert_max_num_queries, limit)
    multiply(9)  # ten times the starting data
    assert Instrument.objects.count() >= 10 * 37
    _max_queries(client, django_assert_max_num_queries, limit)


def test_examples_from_elsewhere_are_marked_as_inspiration(client):
    elsewhere = text(client.get(reverse("catalog:practiceexample_detail", args=["groei-mkb-programma"])))
    assert "Inspiratie van buiten Overijssel" in elsewhere
    enschede = text(client.get(reverse("catalog:practiceexample_detail", args=["move2social"])))
    assert "Inspiratie van buiten Overijssel" not in enschede


@pytest.mark.parametrize(
    ("name", "slug", "kind"),
    [
        ("catalog:instrument_detail", "mit-kennisvoucher", "instrument"),
        ("catalog:organisation_detail", "novel-t", "organisatie"),
        ("catalog:practiceexample_detail", "move2social", "praktijkvoorbeeld"),
        ("ecosystems:region_detail", "twente", "regio"),
    ],
)
def test_every_detail_page_links_to_the_report_form_and_back(client, name, slug, kind):
    detail_url = reverse(name, args=[slug])
    report_url = reverse("catalog:report_outdated", args=[kind, slug])
    assert report_url in text(client.get(detail_url))
    assert f'href="{detail_url}"' in text(client.get(report_url))
