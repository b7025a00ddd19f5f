"""The per-page cache of anonymous public pages, and the headers that let a shared cache hold them too.

A page is cached for an anonymous GET that answers 200 without setting a cookie and without a CSP nonce
(a nonce would be stale in a cached copy). The key is the host, the language and the full path with its
query, under a version that `invalidate()` replaces whenever a record changes (catalog.signals,
ecosystems.signals, the index rebuild), and the day (what is on offer changes at midnight without any save).
Staff get `private`.

A page with a form that posts (`cache_form_page`) is cached too, without its CSRF token: each visitor gets a
fresh token (and, without one yet, the cookie) put into the cached page, so the form stays protected while the
page is not rendered again. Such a page is `private`: its token and cookie are the visitor's own.

Pages are kept in two places: in the process (`pages` cache, LocMemCache) and in the shared default cache,
so a page one worker rendered is served by the others. The version lives in the shared cache; a process reads
it at most every `PAGE_CACHE_VERSION_SECONDS` (a change made in another process shows within that time, one
made in this process at once), so a repeated page costs no database query at all.
"""

import hashlib
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

VERSION_KEY = "pagecache:version"
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = b"@@csrf-token@@"


_known = None  # (version, when this process read it)


def invalidate():
    """Every cached page is stale from now on (one version for all: records show on many pages). Again once
    the transaction commits: a page read between the change and the commit must not stay cached as new."""
    _set_version()
    transaction.on_commit(_set_version)


def _set_version():
    global _known
    new = uuid.uuid4().hex
    cache.set(VERSION_KEY, new, None)
    _known = (new, time.monotonic())


def version():
    """The current catalogue version (common to every process through the shared cache)."""
    global _known
    known = _known
    if known is not None and time.monotonic() - known[1] < settings.PAGE_CACHE_VERSION_SECONDS:
        return known[0]
    found = cache.get(VERSION_KEY)
    if found is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        found = cache.get(VERSION_KEY)
    _known = (found, time.monotonic())
    return found


def _key(request):
    address = f"{request.get_host()}|{request.LANGUAGE_CODE}|{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{version()}:{timezone.localdate().isoformat()}:{digest}"


def _cacheable(request, response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not getattr(request, "csp_nonce", None)  # django-csp's lazy nonce is falsy until used
    )


def _read(key):
    local = caches["pages"]
    response = local.get(key)
    if response is None:
        response = cache.get(key)
        if response is not None:
            local.set(key, response, settings.PAGE_CACHE_SECONDS)
    return response


def _write(key, response):
    caches["pages"].set(key, response, settings.PAGE_CACHE_SECONDS)
    cache.set(key, response, settings.PAGE_CACHE_SECONDS)


def cache_public_page(view):
    """Serve anonymous GETs of `view` from the cache; `Cache-Control: public, max-age` for shared caches."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        if request.method != "GET":
            return view(request, *args, **kwargs)
        key = _key(request)
        response = _read(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if not _cacheable(request, response):
                return response
            if settings.PAGE_CACHE_SECONDS > 0:  # 0 in the test settings: query counts measure the real work
                _write(key, response)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return cached_view


def cache_form_page(view):
    """Serve anonymous GETs of a page with a CSRF-protected form from the cache, with the visitor's token."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.user.is_authenticated or request.method != "GET":
            return view(request, *args, **kwargs)
        key = "form:" + _key(request)
        stored = _read(key)
        if stored is not None:
            content, content_type = stored
            token = get_token(request).encode("ascii")
            response = HttpResponse(content.replace(TOKEN_PLACEHOLDER, token), content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if settings.PAGE_CACHE_SECONDS > 0 and _cacheable_form(request, response):
                _write(key, (_without_token(response.content), response["Content-Type"]))
        patch_cache_control(response, private=True)
        return response

    return cached_view


def _cacheable_form(request, response):
    return (
        response.status_code == 200
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not response.streaming
        and not response.has_header("Location")
        and not getattr(request, "csp_nonce", None)
    )


def _without_token(content):
    return TOKEN_FIELD.sub(rb"\1" + TOKEN_PLACEHOLDER + rb"\2", content)


def private_page(view):
    """A page for one visitor only (a private link): never cached anywhere (`no-store`; no cache decorator
    from this module may wrap it), no Referer to the sites it links to (`same-origin`: its own forms still
    send theirs, so Django's CSRF check stays as it is), not indexed."""

    @wraps(view)
    def private_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return private_view
