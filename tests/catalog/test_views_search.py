"""The search page /zoeken/ over HTTP."""

import re

import pytest
from django.urls import reverse

from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def h1(html):
    return " ".join(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).split())


def status(html):
    return " ".join(re.search(r'role="status"[^>]*>(.*?)</', html, re.S).group(1).split())


def test_the_url_is_dutch_and_named():
    assert reverse("catalog:search") == URL


def test_empty_query_shows_the_form_and_a_hint(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<form class="utrecht-form routekaart-search__form" method="get" action="/zoeken/" role="search">'
        in html
    )
    assert '<label class="utrecht-form-label" for="search-q">Zoeken</label>' in html
    assert 'name="q"' in html
    assert 'type="submit"' in html
    assert "Typ een of meer woorden" in html
    assert h1(html) == "Zoeken"
    assert 'role="status"' not in html


def test_results_show_count_in_title_heading_and_status(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"q": "kennisvoucher"})
    html = response.content.decode()
    count = len(response.context["results"])
    assert count >= 2
    assert title(html).startswith(f"{count} resultaten voor “kennisvoucher”")
    assert h1(html) == f"{count} resultaten voor “kennisvoucher”"
    assert status(html) == f"{count} resultaten gevonden."
    assert "MIT-kennisvoucher" in html
    assert "Regeling" in html  # labelled by kind
    assert "<mark>" in html
    assert 'value="kennisvoucher"' in html  # the form keeps the query


def test_one_result_is_singular(client):
    OrganisationFactory(name="Eenmaligewoordorganisatie", description="Tekst.")
    html = client.get(URL, {"q": "Eenmaligewoordorganisatie"}).content.decode()
    assert h1(html) == "1 resultaat voor “Eenmaligewoordorganisatie”"


def test_result_links_go_to_the_detail_page(client):
    html = client.get(URL, {"q": "kennisvoucher"}).content.decode()
    assert 'href="/instrumenten/mit-kennisvoucher/"' in html


@pytest.mark.parametrize("query", ["kennisvoucher", "vouchers", "Kennis Voucher"])
def test_the_page_finds_the_mit_kennisvoucher(client, query):
    response = client.get(URL, {"q": query})
    assert "mit-kennisvoucher" in [result.slug for result in response.context["results"][:5]]


def test_no_results_gives_help(client):
    response = client.get(URL, {"q": "xyzzyqwrtplk"})
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "0 resultaten voor “xyzzyqwrtplk”"
    assert status(html) == "0 resultaten gevonden."
    assert "Kijk of alle woorden goed gespeld zijn." in html
    assert 'href="/"' in html


def test_the_query_is_escaped(client):
    html = client.get(URL, {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_a_long_query_is_cut_short_with_a_message(client):
    response = client.get(URL, {"q": "kennisvoucher " + "x" * 500})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "Uw zoekvraag was te lang" in response.content.decode()


def test_a_repeated_q_uses_the_first(client):
    response = client.get(URL + "?q=kennisvoucher&q=xyzzyqwrtplk")
    assert response.context["query"] == "kennisvoucher"
    assert response.context["results"]


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


def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    provider = OrganisationFactory(name="Extra aanbieder")
    for n in range(60):
        InstrumentFactory(name=f"Extra kennisvoucher {n}", provider=provider)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"q": "kennisvoucher"})
    html = response.content.decode()
    assert len(response.context["results"]) == 50
    assert "Meer dan 50 resultaten" in status(html)


def test_english_visitors_get_the_page_too(client):
    response = client.get(URL, {"q": "kennisvoucher"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "MIT-kennisvoucher" in response.content.decode()
