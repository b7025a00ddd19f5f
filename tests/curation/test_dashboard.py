"""What each editor should review (catalog/curation/dashboard.py): groups and the summary per organisation.

The page /beheer/te-controleren/ that shows them is tested in test_views.py.
"""

import datetime

import pytest
from django.urls import reverse

from catalog.curation import dashboard
from tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def names(groups):
    return {key: [item.name for item in items] for key, items in groups.items()}


def test_review_items_groups_what_needs_attention_among_the_records_one_may_edit(needs_attention):
    groups = names(dashboard.review_items(needs_attention.user))
    assert groups == {
        "review": [],  # an editor reviews nothing
        "stale": ["Oude regeling"],
        "never": ["Nieuwe regeling"],
        "broken": ["Eigen organisatie"],
        "reports": ["Prima regeling"],  # only open reports
        "expired": ["Verlopen regeling"],
    }


def test_the_stale_group_starts_with_the_longest_unchecked(needs_attention):
    older = InstrumentFactory(provider=needs_attention.own, last_reviewed=datetime.date(2001, 1, 1))
    stale = dashboard.review_items(needs_attention.user)["stale"]
    assert [item.pk for item in stale] == [older.pk, needs_attention.stale.pk]


def test_summary_counts_an_organisation_with_its_instruments():
    organisation = OrganisationFactory(name="Telorganisatie", last_reviewed=None)
    InstrumentFactory(provider=organisation, last_reviewed=datetime.date(2019, 5, 1))
    InstrumentFactory(provider=organisation, last_reviewed=None)
    user = type("User", (), {"is_superuser": True, "is_active": True})()
    groups = dashboard.review_items(user)
    row = next(row for row in dashboard.organisation_summary(groups) if row.organisation == "Telorganisatie")
    assert row.counts == {"review": 0, "stale": 1, "never": 2, "broken": 0, "reports": 0, "expired": 0}
    assert row.admin_url == reverse("admin:catalog_organisation_change", args=[organisation.pk])


def test_a_group_longer_than_a_page_links_to_the_filtered_admin_lists(needs_attention, monkeypatch):
    monkeypatch.setattr(dashboard, "SHOWN", 1)
    InstrumentFactory(provider=needs_attention.own, last_reviewed=datetime.date(2001, 1, 1))
    groups = dashboard.review_items(needs_attention.user)
    changelist = reverse("admin:catalog_instrument_changelist")
    assert dashboard.more_links("stale", groups["stale"]) == [("instrument", f"{changelist}?verouderd=ja")]
    assert dashboard.more_links("never", groups["never"]) == []  # one item: all of it is shown
    assert dashboard.more_links("reports", groups["stale"]) == []  # no admin filter for reports
