"""Check the web addresses of published records and keep the latest result per record and address.

Addresses of a record: its own `website` (organisations, instruments, knowledge offers, learning
communities), an organisation's `contact_url`, and the URLs of the sources it cites.
Each distinct address is requested once per run, however many records share it. Standard library only.
"""

import concurrent.futures
import dataclasses
import datetime
import ipaddress
import logging
import re
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from catalog import freshness
from catalog.models import (
    Checklist,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    LinkCheck,
    Organisation,
    PracticeExample,
    Region,
)

CHECKED_MODELS = [
    Organisation,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    PracticeExample,
    Region,
    Checklist,
]
USER_AGENT = "Valorisatieroutekaart-linkcontrole/1.0 (+https://www.overijssel.nl)"
DEFAULT_TIMEOUT = 10
MAX_REDIRECTS = 5
WORKERS = 8
# Servers that refuse HEAD: ask again with GET.
RETRY_WITH_GET = {403, 405, 501}

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Result:
    status_code: int | None
    ok: bool
    error: str = ""


class RefusedAddress(urllib.error.URLError):
    """An address the checker does not request: not http(s), or inside our own network."""


# Backslashes, whitespace and control characters: urllib and http.client read such an address differently
# from urlsplit (`http://host:8793\@x/`), so what was checked would not be what is requested.
_UNSAFE = re.compile(r"[\\\s\x00-\x1f\x7f]")


def _is_internal(address):
    """Whether an IP address lies outside the public internet (v4-mapped v6 addresses read as their v4)."""
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone id (fe80::1%eth0)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or any(
        (ip.is_private, ip.is_loopback, ip.is_link_local, ip.is_reserved, ip.is_multicast, ip.is_unspecified)
    )


def refusal(url):
    """Why `url` may not be requested, or "" when it may. Editors type these addresses: without this check
    `check_links` would probe the servers next to the portal (loopback, private and link-local networks).
    Every address the host resolves to is checked; a port outside 1-65535 (http.client would wrap it around
    onto another port) or a host that does not resolve is refused."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return "ongeldig adres"
    if parts.scheme not in {"http", "https"}:
        return "alleen http en https"
    if not parts.hostname or port == 0 or _UNSAFE.search(url):
        return "ongeldig adres"
    if settings.LINKCHECK_ALLOW_PRIVATE_ADDRESSES:
        return ""
    host = urllib.parse.unquote(parts.hostname).split("%")[0]
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError, ValueError):
        return "onbekende host"
    if not addresses or any(_is_internal(address) for address in addresses):
        return "adres in een intern netwerk"
    return ""


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, request, fp, code, msg, headers, newurl):
        reason = refusal(newurl)
        if reason:
            raise RefusedAddress(reason)
        return super().redirect_request(request, fp, code, msg, headers, newurl)


def _opener():
    return urllib.request.build_opener(_LimitedRedirects())


def _request(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    with _opener().open(request, timeout=timeout) as response:
        return response.status


def check_url(url, *, timeout=DEFAULT_TIMEOUT):
    """Request `url` (HEAD, or GET when the server refuses HEAD) and say whether it works."""
    reason = refusal(url)
    if reason:
        return Result(None, False, f"niet gecontroleerd: {reason}")
    try:
        try:
            status = _request(url, "HEAD", timeout)
        except urllib.error.HTTPError as error:
            if error.code not in RETRY_WITH_GET:
                raise
            status = _request(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            return Result(error.code, False, "te veel doorverwijzingen")
        return Result(error.code, False, f"HTTP {error.code}")
    except TimeoutError:
        return Result(None, False, "time-out")
    except RefusedAddress as error:
        return Result(None, False, f"niet gecontroleerd: {error.reason}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return Result(None, False, "time-out")
        return Result(None, False, str(reason)[:300])
    except (OSError, ValueError) as error:  # connection reset, malformed address, ...
        return Result(None, False, str(error)[:300] or type(error).__name__)
    except Exception as error:  # one odd address must not stop the run: a failure for this link only
        logger.warning("Link check of %r failed unexpectedly: %r", url, error)
        return Result(None, False, f"controle mislukt: {type(error).__name__}")
    return Result(status, 200 <= status < 400)


def record_urls(record):
    """The distinct addresses of one record, in a stable order. Needs `sources` prefetched."""
    urls = [url for url in (getattr(record, "website", ""), getattr(record, "contact_url", "")) if url]
    urls.extend(source.url for source in record.sources.all() if source.url)
    return list(dict.fromkeys(urls))


def records_to_check(*, only_stale=False, today=None):
    """Published records that have at least one address, the ones checked longest ago (or never) first."""
    last_checked = {}
    for content_type_id, object_id, checked_at in LinkCheck.objects.values_list(
        "content_type_id", "object_id", "checked_at"
    ):
        key = (content_type_id, object_id)
        last_checked[key] = min(checked_at, last_checked.get(key, checked_at))
    records = []
    for model in CHECKED_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        queryset = model.objects.published().prefetch_related("sources")
        if only_stale:
            queryset = queryset.filter(freshness.stale_q(today))
        for record in queryset:
            urls = record_urls(record)
            if urls:
                records.append((content_type, record, urls))
    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    records.sort(key=lambda item: (last_checked.get((item[0].pk, item[1].pk), never), item[0].pk, item[1].pk))
    return records


def check_links(*, only_stale=False, limit=None, timeout=DEFAULT_TIMEOUT, workers=WORKERS, today=None):
    """Check the records' addresses and store the results. Returns the stored `LinkCheck`s."""
    records = records_to_check(only_stale=only_stale, today=today)
    if limit is not None:
        records = records[:limit]
    urls = list(dict.fromkeys(url for _, _, record_urls_ in records for url in record_urls_))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(zip(urls, pool.map(lambda url: check_url(url, timeout=timeout), urls), strict=True))
    now = timezone.now()
    rows = [
        LinkCheck(
            content_type=content_type,
            object_id=record.pk,
            url=url,
            checked_at=now,
            status_code=results[url].status_code,
            ok=results[url].ok,
            error=results[url].error,
        )
        for content_type, record, record_urls_ in records
        for url in record_urls_
    ]
    with transaction.atomic():
        if limit is None and not only_stale:  # a full run: forget records that are gone or have no address
            for model in CHECKED_MODELS:
                content_type = ContentType.objects.get_for_model(model)
                kept = [record.pk for type_, record, _ in records if type_ == content_type]
                LinkCheck.objects.filter(content_type=content_type).exclude(object_id__in=kept).delete()
        for content_type, record, record_urls_ in records:  # addresses the record no longer has
            LinkCheck.objects.filter(content_type=content_type, object_id=record.pk).exclude(
                url__in=record_urls_
            ).delete()
        LinkCheck.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["content_type", "object_id", "url"],
            update_fields=["checked_at", "status_code", "ok", "error"],
        )
    return rows


def broken_link_q(model):
    """Records of `model` with at least one address that did not work at the last check."""
    return Q(pk__in=LinkCheck.objects.for_model(model).filter(ok=False).values("object_id"))


def has_broken_link(model):
    """An annotation for querysets of `model`: whether the record has an address that did not work."""
    return Exists(LinkCheck.objects.for_model(model).filter(object_id=OuterRef("pk"), ok=False))
