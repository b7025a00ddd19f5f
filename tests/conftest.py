import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the portal's real starting content, loaded once."""
    with django_db_blocker.unblock():
        call_command("load_portal_data", verbosity=0)
