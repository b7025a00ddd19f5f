"""The per-page cache of anonymous public pages, and the headers that let a shared cache hold them too.

A page is cached for an anonymous GET that answers 200 without setting a cookie and without a CSP nonce
(a nonce would be stale in a cached copy). The key is the host, the language and the full path with its
query, under a version that `invalidate()` replaces whenever a record changes (catalog.signals,
ecosystems.signals, the index rebuild), and the day (what is on offer changes at midnight without any save).
Staff get `private`.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control

VERSION_KEY = "pagecache:version"


def invalidate():
    """Every cached page is stale from now on (one version for all: records show on many pages). Again once
    the transaction commits: a page read between the change and the commit must not stay cached as new."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def version():
    """The current catalogue version (common to every process through the cache)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


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
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if not _cacheable(request, response):
                return response
            if settings.PAGE_CACHE_SECONDS > 0:  # 0 in the test settings: query counts measure the real work
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return cached_view
