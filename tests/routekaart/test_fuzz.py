"""Property tests: arbitrary query strings, form data, encodings and methods sent to every public URL never
give a 500 (hypothesis). The pages are those of the starting content (loaded once per session); the examples
per URL stay few so the suite stays fast. Run with HYPOTHESIS_PROFILE=thorough for many more."""

import os
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Checklist, Factor, Instrument, Organisation, PracticeExample, Region

pytestmark = pytest.mark.django_db

settings.register_profile(
    "suite",
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# The parameter names the pages read, so that values reach the code behind them, and a few others.
KNOWN = [
    "factor", "regio", "type", "soort", "niveau", "status", "thema", "q", "sorteer", "pagina", "grootte",
    "sector", "doel", "scan", "vernieuwen", "plan", "wijzig", "verzonden", "next", "language", "message",
    "email", "name", "company", "question", "phone", "consent", "website", "loket", "username", "password",
]  # fmt: skip
NASTY = st.sampled_from([
    "\x00", "\u202e", "%", "%00", "%ff", "'", '"', "<script>", "../", "0", "-1", "99999999999999999999",
    "ja", "nee", "kennis", "twente", "B", " ", "\r\n",
])  # fmt: skip
TEXT = st.one_of(st.text(max_size=40), NASTY, st.lists(NASTY, max_size=4).map("".join))
BYTES = st.binary(max_size=40)  # not necessarily UTF-8 (a lone surrogate, say)
NAMES = st.one_of(st.sampled_from(KNOWN), st.text(max_size=10))


def _part(name, value):
    encoded = quote_from_bytes(value) if isinstance(value, bytes) else quote(value, errors="surrogatepass")
    return f"{quote(name, errors='surrogatepass')}={encoded}"


QUERY = st.lists(st.tuples(NAMES, st.one_of(TEXT, BYTES)), max_size=6).map(
    lambda pairs: "&".join(_part(name, value) for name, value in pairs)
)
METHODS = st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
CONTENT_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=nonsense",
        "multipart/form-data; boundary=grens",
        "multipart/form-data",
        "text/plain",
        "application/json",
    ]
)


def public_urls():
    """One URL of every kind of public page, with the slugs of real records."""
    first = {
        model: model.objects.published().order_by("pk").values_list("slug", flat=True).first()
        for model in (Instrument, Organisation, PracticeExample, Region, Checklist)
    }
    province = Region.objects.get(slug="overijssel")
    region = Region.objects.published().filter(parents=province).order_by("pk").first()
    return [
        "/",
        "/instrumenten/",
        f"/instrumenten/{first[Instrument]}/",
        "/organisaties/",
        f"/organisaties/{first[Organisation]}/",
        "/praktijkvoorbeelden/",
        f"/praktijkvoorbeelden/{first[PracticeExample]}/",
        f"/checklists/{first[Checklist]}/",
        f"/innovatiefactoren/{Factor.objects.order_by('pk').first().slug}/",
        "/zoeken/",
        f"/regio/{region.slug}/",
        "/dekking/",
        "/dekking/regio.csv",
        "/dekking/type.csv",
        "/route/",
        f"/route/?regio={region.slug}&type=B&factor=kennis",
        f"/route/vraag/?regio={region.slug}&type=B&factor=kennis",
        f"/melden/instrument/{first[Instrument]}/",
        "/toegankelijkheid/",
        "/privacy/",
        "/contact/",
        "/healthz",
        "/i18n/setlang/",
        "/beheer/login/",
        "/bestaat-niet/",
    ]


@pytest.fixture(scope="module")
def urls(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return public_urls()


def _with_query(url, query):
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.mark.parametrize("index", range(25))
def test_any_query_string_and_method_is_never_a_500(urls, index):
    url = urls[index]

    @given(query=QUERY, method=METHODS)
    def check(query, method):
        cache.clear()  # rate limits would otherwise hide what lies behind them
        response = Client().generic(method, _with_query(url, query))
        assert response.status_code < 500, (method, _with_query(url, query), response.status_code)

    check()


FORMS = [17, 16, 22, 23]  # the report form, the question to a loket, the language switch, the admin login


@pytest.mark.parametrize("index", FORMS)
def test_any_form_data_and_encoding_is_never_a_500(urls, index):
    url = urls[index]

    @given(
        fields=st.lists(st.tuples(NAMES, st.one_of(TEXT, BYTES)), max_size=8),
        content_type=CONTENT_TYPES,
        query=QUERY,
        raw=st.booleans(),
    )
    def check(fields, content_type, query, raw):
        cache.clear()
        if raw:
            body = b"".join(value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
                            for _, value in fields)  # fmt: skip
        else:
            body = "&".join(_part(name, value) for name, value in fields).encode()
        target = _with_query(url, query) if index != 16 else url  # keep the loket's profile valid
        response = Client().generic("POST", target, body, content_type=content_type)
        assert response.status_code < 500, (target, content_type, body[:200], response.status_code)

    check()


def test_a_form_with_well_formed_fields_reaches_validation(urls):
    """The same, with text values under the real field names, so the forms' own validation runs."""
    url = urls[16]

    @given(st.fixed_dictionaries(dict.fromkeys(("name", "email", "company", "question", "phone"), TEXT)))
    def check(data):
        cache.clear()
        response = Client().post(url, {**data, "consent": "on"})
        assert response.status_code < 500

    check()
