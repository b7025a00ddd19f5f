"""Every page, public and admin, has a Content Security Policy without 'unsafe-inline' and the other security
headers; public templates carry no inline script, style or event handler (django-csp, settings.base)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecosystems import charts
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/instrumenten/",
    "/organisaties/",
    "/zoeken/?q=subsidie",
    "/dekking/",
    "/route/?regio=twente&type=B&factor=kennis",
    "/privacy/",
]


def policy(response):
    parts = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict((part.split(" ", 1) + [""])[:2] for part in parts)


def assert_safe_headers(response):
    csp = policy(response)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_forbid_inline_script_and_style(client, url):
    InstrumentFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert_safe_headers(response)
    assert "nonce-" not in response["Content-Security-Policy"]  # a cached copy must not need one
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), "inline style or event handler"


def test_error_pages_and_forms_have_the_headers_too(client):
    assert_safe_headers(client.get("/instrumenten/niet-bestaand/"))
    assert_safe_headers(client.get(reverse("handoff")))


def test_admin_pages_allow_only_their_nonce(client):
    user = get_user_model().objects.create_superuser("beheer", "b@example.org", "een-lang-wachtwoord")
    client.force_login(user)
    response = client.get(reverse("admin:catalog_instrument_changelist"))
    assert response.status_code == 200
    assert_safe_headers(response)
    for url in (reverse("admin:index"), reverse("admin:catalog_instrument_add"), reverse("admin:login")):
        assert_safe_headers(client.get(url))
    nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    for nonce in nonces:
        assert f"'nonce-{nonce}'" in policy(response)["style-src"]


def test_no_template_of_the_project_has_an_inline_style_attribute_or_handler():
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if re.search(r"\sstyle=\"|\son(click|change|submit|load)=\"", path.read_text())
    ]
    assert offenders == []


def test_the_legend_classes_have_the_charts_colours():
    css = Path(settings.BASE_DIR, "static/css/routekaart.css").read_text()
    expected = {
        "gap": charts.GAP,
        "unlabelled": charts.UNLABELLED,
        "few": charts.PALETTE[0],
        "more": charts.PALETTE[2],
        "many": charts.PALETTE[4],
    }
    for name, (fill, ink) in expected.items():
        assert f".routekaart-legend__swatch--{name} {{ background: {fill}; color: {ink}; }}" in css
