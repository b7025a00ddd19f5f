"""Every admin page opens with the real data, in Dutch."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_list_add_and_change_pages_open(admin_client, admin_user, rf, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    addable = admin.site._registry[model].has_add_permission(request)  # hand-offs come from the site only
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == (200 if addable else 403)
    first = model.objects.first()
    if first is not None:
        assert admin_client.get(reverse(f"{prefix}_change", args=[first.pk])).status_code == 200


def test_admin_lives_at_beheer_and_speaks_dutch(admin_client, client):
    assert client.get("/beheer/").status_code == 302  # login first
    response = admin_client.get("/beheer/")
    assert "Valorisatieroutekaart: beheer" in response.content.decode()
    assert "Praktijkvoorbeelden" in response.content.decode()


def test_admin_search_for_organisations(admin_client):
    response = admin_client.get(reverse("admin:catalog_organisation_changelist"), {"q": "Novel-T"})
    assert "Novel-T" in response.content.decode()
