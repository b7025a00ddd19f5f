from django import template

from catalog import freshness

register = template.Library()


@register.filter
def stale_with_date(record):
    """True when the record was checked once, but longer ago than the review period."""
    last_reviewed = getattr(record, "last_reviewed", None)
    return last_reviewed is not None and freshness.is_stale(record)


@register.filter
def unverified(record):
    """True when nobody vouches for the record today: never checked, or checked too long ago."""
    return hasattr(record, "last_reviewed") and freshness.is_stale(record)
