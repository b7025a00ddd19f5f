"""Searches that found nothing (issue 14): kept as text only once enough different visitors searched it.

Until then only keyed hashes (HMAC with SECRET_KEY) are stored: of the text, and of the visitor's address and
today's date (it changes every day). They are never shown, and are deleted as soon as the text is kept or
after SEARCH_MISS_PENDING_DAYS (by the first miss of each day). Below settings.DEMAND_MIN_COUNT visitors the
text is stored nowhere. One visitor adds at most SEARCH_MISSES_PER_VISITOR hashes a day, so a flood of random
searches cannot grow the table. Counting never breaks a search.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.ratelimit import client_ip

from .models import SearchMiss, SearchMissVisitor
from .search import query_words

logger = logging.getLogger(__name__)


def miss_text(query):
    """The text of a search as the search itself reads it: its folded words that carry meaning."""
    return " ".join(query_words(query))[: SearchMiss.TEXT_MAX_LENGTH].strip()


def visitor_hash(request, day):
    client = client_ip(request)
    if client is None:
        return None
    return salted_hmac(f"search-miss.{day.isoformat()}", client).hexdigest()


def text_hash(text):
    return salted_hmac("search-miss.text", text).hexdigest()


def record_miss(request, text):
    """Count that this visitor searched `text` (already `miss_text`) and found nothing."""
    today = timezone.localdate()
    visitor = visitor_hash(request, today)
    if not text or visitor is None:
        return
    try:
        with transaction.atomic():
            _record(text, visitor, today)
    except DatabaseError:
        logger.exception("Search miss not counted")


def _record(text, visitor, today):
    _drop_old_visitors(today)
    kept = SearchMiss.objects.filter(text=text)
    hashed = text_hash(text)
    if kept.update(searches=F("searches") + 1, last_searched=today):
        return
    if SearchMissVisitor.objects.filter(visitor=visitor).count() >= settings.SEARCH_MISSES_PER_VISITOR:
        return  # the visitor's hash is today's: its rows are today's
    try:
        with transaction.atomic():
            SearchMissVisitor.objects.create(day=today, text_hash=hashed, visitor=visitor)
    except IntegrityError:
        return  # this visitor already counted for this text today
    pending = SearchMissVisitor.objects.filter(text_hash=hashed)
    visitors = pending.count()
    if visitors >= settings.DEMAND_MIN_COUNT:
        SearchMiss.objects.create(text=text, first_kept=today, last_searched=today, searches=visitors)
        pending.delete()


def _drop_old_visitors(today):
    """Delete the hashes past SEARCH_MISS_PENDING_DAYS, once a day (whichever process counts a miss first)."""
    if cache.add(f"search-miss:dropped:{today.isoformat()}", True, 24 * 60 * 60):
        SearchMissVisitor.objects.filter(
            day__lt=today - timedelta(days=settings.SEARCH_MISS_PENDING_DAYS)
        ).delete()
