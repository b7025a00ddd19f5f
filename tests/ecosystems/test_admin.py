"""ecosystems.admin: officials take a coverage snapshot with a button, if they may."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecosystems import coverage
from ecosystems.models import CoverageSnapshot
from tests.html import text

pytestmark = pytest.mark.django_db


def test_admin_button_takes_a_snapshot(client, portal_region, make_instrument):
    make_instrument([portal_region], ["kennis"])
    admin = get_user_model().objects.create_superuser("beheer", "b@example.nl", "een-lang-wachtwoord")
    client.force_login(admin)
    changelist = reverse("admin:ecosystems_coveragesnapshot_changelist")
    assert "Nu een momentopname maken" in text(client.get(changelist))
    take = reverse("admin:ecosystems_coveragesnapshot_take")
    assert client.get(take).status_code == 405
    response = client.post(take, {"note": "na de nieuwe regeling"})
    assert response.status_code == 302
    snapshot = CoverageSnapshot.objects.get()
    assert (snapshot.taken_by, snapshot.note) == (admin, "na de nieuwe regeling")
    kennis = snapshot.data["regio"][portal_region.slug]["kennis"]
    assert kennis == coverage.region_matrix().cell(portal_region.slug, "kennis").total
    assert kennis >= 1  # the test's own instrument


def test_staff_without_the_permission_cannot_take_a_snapshot(client):
    staff = get_user_model().objects.create_user("medewerker", password="een-lang-wachtwoord", is_staff=True)
    client.force_login(staff)
    assert client.post(reverse("admin:ecosystems_coveragesnapshot_take")).status_code == 403
    assert not CoverageSnapshot.objects.exists()
