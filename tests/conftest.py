import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the portal's real starting content, loaded once."""
    with django_db_blocker.unblock():
        call_command("load_portal_data", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: a page cached by one test never answers another."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def record_sets_kept(settings):
    """Record sets kept between requests of one catalogue version, as in production (catalog.recordsets;
    off in the test settings, because tests write without signals and roll back)."""
    from catalog import recordsets

    settings.RECORD_SETS_REUSE = True
    recordsets.forget()
    yield
    recordsets.forget()


@pytest.fixture
def mail_server_down(monkeypatch):
    """`mail_server_down(module)`: every send_mail of that module fails as a refused connection would;
    `monkeypatch.undo()` brings the server back."""

    def refused(*args, **kwargs):
        raise OSError("connection refused")

    return lambda module: monkeypatch.setattr(module, "send_mail", refused)
