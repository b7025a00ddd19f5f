"""Judged on the real starting content (issue 11 item 6): what /dekking/ must say about Overijssel as the
sources describe it. Zw4lse and the CIV Polymeren, Coatings en Composieten have Zwolle mbo schools as
partners; no source in the starting data offers Overijssel firms a loan, credit or guarantee."""

import pytest
from django.urls import reverse

from ecosystems import coverage
from tests.html import page, text

pytestmark = pytest.mark.django_db


def test_regio_zwolle_shows_its_collaborations_with_mbo_schools(client):
    response = client.get(reverse("ecosystems:coverage"))
    partners = response.context["matrices"][coverage.PARTNERS]
    assert partners.cell("regio-zwolle", "mbo").total >= 2
    assert partners.cell("overijssel", "mbo").total >= partners.cell("regio-zwolle", "mbo").total
    zwolle = client.get(reverse("ecosystems:region_detail", args=["zwolle"])).context["partner_row"][1]
    assert partners.cell("regio-zwolle", "mbo").total >= zwolle.total


def test_no_loan_or_guarantee_for_overijssel_firms_shows_as_a_gap(client):
    response = client.get(reverse("ecosystems:coverage"))
    kinds = response.context["matrices"][coverage.KIND]
    table = page(response).find("table", attrs={"data-matrix": "soort-table"})
    for kind in ("krediet", "garantie"):
        assert kinds.cell("overijssel", kind).gap, kind
        assert "Leemte" in text(table.find("td", attrs={"data-cell": f"overijssel:{kind}"}))
    assert not kinds.cell("overijssel", "subsidie").gap
