"""The admin login is throttled per account and per address (django-axes, settings.LOGIN_*), and staff
sessions last a working day (settings.SESSION_COOKIE_AGE)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.html import page, text

pytestmark = pytest.mark.django_db

LOGIN = "/beheer/login/?next=/beheer/"
PASSWORD = "een-lang-testwachtwoord-42"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("redacteur", password=PASSWORD, is_staff=True)


def attempt(client, username, password, address="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_with_a_dutch_message(client, staff):
    assert (settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_MINUTES) == (5, 15)
    for _ in range(4):
        assert attempt(client, "redacteur", "fout").status_code == 200  # the form again
    response = attempt(client, "redacteur", "fout")
    assert response.status_code == 429
    assert text(page(response).h1) == "Inloggen is even geblokkeerd"
    assert "15 minuten niet inloggen" in text(response)

    # the right password does not help now, not from another address either
    assert attempt(client, "redacteur", PASSWORD).status_code == 429
    assert attempt(client, "redacteur", PASSWORD, address="198.51.100.7").status_code == 429
    assert "_auth_user_id" not in client.session

    # fifteen minutes later it works again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, "redacteur", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/beheer/"


def test_one_address_trying_many_accounts_is_locked_too(client, staff):
    for number in range(5):
        attempt(client, f"gok-{number}", "fout", address="203.0.113.9")
    assert attempt(client, "redacteur", PASSWORD, address="203.0.113.9").status_code == 429
    # the staff member at another address is not affected
    assert attempt(client, "redacteur", PASSWORD, address="192.0.2.50").status_code == 302


def test_a_good_login_resets_the_count(client, staff):
    for _ in range(4):
        attempt(client, "redacteur", "fout")
    assert attempt(client, "redacteur", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "redacteur", "fout").status_code == 200


def test_staff_sessions_last_eight_hours(client, staff):
    assert attempt(client, "redacteur", PASSWORD).status_code == 302
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
