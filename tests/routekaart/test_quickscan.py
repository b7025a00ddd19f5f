"""The quickscan over HTTP: answers, redirect to the route, messages for what is missing."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_empty_quickscan(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/route/")
    assert response.status_code == 200
    html = response.content.decode()
    for question in ["Wilt u iets vernieuwen", "Heeft u al een concreet plan?", "Wat houdt u tegen?"]:
        assert question in html
    assert 'value="twente"' in html and 'value="rijssen-holten"' in html
    assert 'role="alert"' not in html


@pytest.mark.parametrize(
    ("answers", "location"),
    [
        (
            "vernieuwen=ja&plan=nee&factor=netwerk&factor=kennis&regio=twente",
            "/route/?regio=twente&type=B&factor=kennis&factor=netwerk",
        ),
        (
            "vernieuwen=ja&plan=ja&factor=financiering&regio=regio-zwolle&grootte=klein&doel=nieuw",
            "/route/?regio=regio-zwolle&type=C&factor=financiering&grootte=klein&doel=nieuw",
        ),
        ("vernieuwen=nee&regio=enschede", "/route/?regio=enschede&type=A"),
        (
            "vernieuwen=ja&plan=ja&regio=deventer&sector=hightech",
            "/route/?regio=deventer&type=D&sector=hightech",
        ),
    ],
)
def test_answers_redirect_to_the_canonical_route(client, answers, location):
    response = client.get(f"/route/?{answers}")
    assert response.status_code == 302
    assert response["Location"] == location


def test_the_route_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(35):
        response = client.get("/route/?regio=twente&type=B&factor=kennis&factor=netwerk")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stap 1" in html and "Novel-T" in html
    assert 'href="/route/vraag/?regio=twente&amp;type=B&amp;factor=kennis&amp;factor=netwerk"' in html
    assert "Leg mijn vraag voor aan Novel-T" in html
    assert "/route/?wijzig=1&amp;regio=twente" in html
    assert "route-print.css" in html
    assert "/checklists/samenwerken-met-een-hogeschool-of-mbo-school/" in html


def test_query_count_does_not_depend_on_the_route(client, django_assert_max_num_queries):
    for query in ["regio=salland&type=C&factor=financiering&factor=arbeid", "regio=enschede&type=A"]:
        with django_assert_max_num_queries(35):
            assert client.get(f"/route/?{query}").status_code == 200


def test_change_answers_fills_in_the_form(client):
    html = client.get("/route/?wijzig=1&regio=twente&type=C&factor=arbeid&grootte=zzp").content.decode()
    assert 'id="id_vernieuwen_ja" name="vernieuwen" value="ja" checked' in html
    assert 'id="id_plan_ja" name="plan" value="ja" checked' in html
    assert 'value="arbeid" checked' in html
    assert 'value="twente" selected' in html
    assert 'value="zzp" checked' in html


def test_incomplete_answers_come_back_with_messages_and_keep_what_was_typed(client):
    response = client.get("/route/?vernieuwen=ja&factor=kennis&sector=hightech")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Zeg of u al een concreet plan heeft." in html
    assert "Kies uw regio of gemeente." in html
    assert 'value="kennis" checked' in html
    assert 'value="hightech" selected' in html


@pytest.mark.parametrize(
    "query",
    [
        "regio=atlantis&type=B",
        "regio=twente&type=Z",
        "regio=twente&type=B&factor=geluk",
        "regio=amsterdam&type=B",
        "regio=twente&type=B&grootte=reus",
        "vernieuwen=misschien&regio=twente",
        "regio=" + "x" * 5000,
        "type=B",
        "scan=1&factor=arbeid&regio=",
    ],
)
def test_invalid_routes_go_back_to_the_form_never_a_500(client, query):
    response = client.get(f"/route/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_checklist_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/checklists/samenwerken-met-een-hogeschool-of-mbo-school/")
    assert response.status_code == 200
    assert "Maak duidelijke afspraken" in response.content.decode()
    assert client.get("/checklists/bestaat-niet/").status_code == 404


def test_home_starts_the_routekaart(client):
    assert 'href="/route/">Start de routekaart' in client.get("/").content.decode()
