"""A small per-client rate limit in the cache, for the public forms (reports, questions to a loket).

The cache holds a keyed hash (HMAC with SECRET_KEY) of the visitor's address, never the address itself.
A broken cache lets the visitor through rather than stopping them or causing a 500.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address: from settings.CLIENT_IP_HEADER behind a proxy, else REMOTE_ADDR. Only a valid
    address counts (the first of a list); the admin login throttle (django-axes) stores it."""
    for header in (settings.CLIENT_IP_HEADER, "REMOTE_ADDR"):
        value = request.META.get(header, "").split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            continue
    return None


class RateLimit:
    def __init__(self, name, *, limit=5, window=60 * 60):
        self.name, self.limit, self.window = name, limit, window

    def key(self, request):
        client = client_ip(request) or ""
        return f"{self.name}:" + salted_hmac(f"{self.name}.rate-limit", client).hexdigest()

    def exceeded(self, request):
        try:
            return (cache.get(self.key(request)) or 0) >= self.limit
        except Exception:
            logger.exception("Rate limit cache unavailable")
            return False

    def count(self, request):
        key = self.key(request)
        try:
            if not cache.add(key, 1, self.window):
                cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, self.window)
        except Exception:
            logger.exception("Rate limit cache unavailable")
