from django import template
from django.conf import settings

from catalog import freshness

register = template.Library()


@register.filter
def stale_with_date(record):
    """True when the record was checked once, but longer ago than the review period."""
    last_reviewed = getattr(record, "last_reviewed", None)
    return last_reviewed is not None and freshness.is_stale(record)


@register.simple_tag
def review_after_months():
    return settings.REVIEW_AFTER_MONTHS
