"""The search page /zoeken/ (catalog.views.search) over HTTP, on records each test makes itself.

The made-up word "kwartelvoucher" occurs nowhere in the starting content, so the results are the test's own.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import InstrumentFactory, OrganisationFactory
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

URL = "/zoeken/"
# What the page reads whatever the data: search's three (synonyms, vocabulary, candidates) and the session's.
QUERIES = 4


def title(response):
    return text(page(response).title)


def h1(response):
    return text(page(response).h1)


def status(response):
    return text(page(response).find(role="status"))


def results(response):
    """[(kind label, title, href)] of the results, in order."""
    return [
        (text(item.select_one(".routekaart-card__meta")), text(item.a), item.a["href"])
        for item in page(response).select(".routekaart-search__result")
    ]


@pytest.fixture
def voucher():
    return InstrumentFactory(name="Kwartelvoucher", description="Met de kwartelvoucher huurt u kennis in.")


def test_the_url_is_dutch_and_named():
    assert reverse("catalog:search") == URL


def test_empty_query_shows_the_form_and_a_hint(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = page(response)
    form = html.find("form", role="search")
    assert (form["action"], form["method"]) == ("/zoeken/", "get")
    assert text(form.find("label", attrs={"for": "search-q"})) == "Zoeken"
    assert form.find("input", id="search-q")["name"] == "q"
    assert form.find("button", type="submit")
    assert "Typ een of meer woorden" in text(html.find("main"))
    assert h1(response) == "Zoeken"
    assert html.find(role="status") is None


def test_results_show_count_in_title_heading_and_status(client, voucher, django_assert_max_num_queries):
    provider = OrganisationFactory(name="Kwartelhuis", description="Wij geven de kwartelvoucher uit.")
    with django_assert_max_num_queries(QUERIES):
        response = client.get(URL, {"q": "kwartelvoucher"})
    assert title(response).startswith("2 resultaten voor “kwartelvoucher”")
    assert h1(response) == "2 resultaten voor “kwartelvoucher”"
    assert status(response) == "2 resultaten gevonden."
    assert results(response) == [
        ("Regeling", "Kwartelvoucher", reverse("catalog:instrument_detail", args=[voucher.slug])),
        ("Organisatie", "Kwartelhuis", reverse("catalog:organisation_detail", args=[provider.slug])),
    ]
    assert page(response).select(".routekaart-search__result mark")  # the hits are marked
    assert page(response).find("input", id="search-q")["value"] == "kwartelvoucher"  # the form keeps it


def test_one_result_is_singular(client):
    OrganisationFactory(name="Eenmaligewoordorganisatie", description="Tekst.")
    response = client.get(URL, {"q": "Eenmaligewoordorganisatie"})
    assert h1(response) == "1 resultaat voor “Eenmaligewoordorganisatie”"
    assert status(response) == "1 resultaat gevonden."


def test_result_links_go_to_the_detail_page(client, voucher):
    response = client.get(URL, {"q": "kwartelvoucher"})
    assert links(response)[f"/instrumenten/{voucher.slug}/"] == "Kwartelvoucher"


@pytest.mark.parametrize("query", ["kwartelvoucher", "kwartelvouchers", "Kwartel Voucher"])
def test_the_page_finds_a_compound_name_however_it_is_typed(client, voucher, query):
    response = client.get(URL, {"q": query})
    assert results(response)[0][1] == "Kwartelvoucher"


def test_no_results_offers_the_quickscan_and_the_loket(client):
    response = client.get(URL, {"q": "xyzzyqwrtplk"})
    assert response.status_code == 200
    assert h1(response) == "0 resultaten voor “xyzzyqwrtplk”"
    assert status(response) == "0 resultaten gevonden."
    help_text = text(page(response).select_one(".routekaart-search__none"))
    assert "Kijk of alle woorden goed gespeld zijn." in help_text
    offered = {link["href"]: text(link) for link in page(response).select(".routekaart-search__none a")}
    assert offered == {
        reverse("route"): "Doe de quickscan",
        reverse("contact"): "Neem contact op met het loket",
    }


def test_a_typo_gets_did_you_mean_with_a_link(client, voucher):
    response = client.get(URL, {"q": "kwartlvoucher"})
    suggestion = page(response).select_one(".routekaart-search__suggestion")
    assert text(suggestion).startswith("Bedoelde u:")
    assert text(suggestion.a) == "kwartelvoucher"
    assert suggestion.a["href"] == URL + "?q=kwartelvoucher"
    assert results(response)[0][1] == "Kwartelvoucher"
    assert page(client.get(URL, {"q": "kwartelvoucher"})).select_one(".routekaart-search__suggestion") is None


def test_the_query_is_escaped(client):
    html = client.get(URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_a_long_query_is_cut_short_with_a_message(client, voucher):
    response = client.get(URL, {"q": "kwartelvoucher " + "x" * 500})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "Uw zoekvraag was te lang" in text(page(response).select_one(".utrecht-alert--warning"))


def test_a_repeated_q_uses_the_first(client, voucher):
    response = client.get(URL + "?q=kwartelvoucher&q=xyzzyqwrtplk")
    assert response.context["query"] == "kwartelvoucher"
    assert [title for _kind, title, _href in results(response)] == ["Kwartelvoucher"]


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%00",
        "q=kennis%00voucher",
        "q=%ED%A0%80",  # an encoded lone surrogate
        "q=%FF%FE",  # not UTF-8
        "q=%F0%9F%92%A1innovatie",  # emoji
        "q=%E2%80%AE%E2%80%8B",  # bidi override, zero width space
        "q=" + "%C3%A9" * 5000,
        "q[]=x&q=",
        "q=a%26b%7C!(-%22",  # websearch syntax characters
        "q=%20%20%20",
    ],
)
def test_bad_input_never_breaks_the_page(client, query_string):
    response = client.get(URL + "?" + query_string)
    assert response.status_code == 200


def test_every_result_is_counted_and_shown_page_by_page(client, django_assert_max_num_queries):
    provider = OrganisationFactory(name="Extra aanbieder")
    for n in range(60):
        InstrumentFactory(name=f"Extra kwartelvoucher {n}", provider=provider)
    with django_assert_max_num_queries(QUERIES):
        response = client.get(URL, {"q": "kwartelvoucher"})
    assert h1(response) == "60 resultaten voor “kwartelvoucher”"
    assert status(response) == "60 resultaten gevonden. U ziet pagina 1 van 3."
    assert len(results(response)) == 20
    assert links(response)["?q=kwartelvoucher&pagina=2"] == "Volgende"
    with django_assert_max_num_queries(QUERIES):
        last = client.get(URL, {"q": "kwartelvoucher", "pagina": "3"})
    assert len(results(last)) == 20
    assert page(last).select_one(".routekaart-search__results")["start"] == "41"
    shown = {title for _kind, title, _href in results(response) + results(last)}
    assert len(shown) == 40


def test_english_visitors_get_the_page_too(client, voucher):
    response = client.get(URL, {"q": "kwartelvoucher"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert [title for _kind, title, _href in results(response)] == ["Kwartelvoucher"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    english = client.get(URL, {"q": "kwartelvoucher"})
    assert page(english).html["lang"] == "en"
    assert [title for _kind, title, _href in results(english)] == ["Kwartelvoucher"]
