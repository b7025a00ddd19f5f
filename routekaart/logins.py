"""How long django-axes keeps failed admin logins (a username and an address each):
LOGIN_RECORD_RETENTION_DAYS, purged with the hand-offs by `manage.py purge_handoffs`."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone


def purge_login_records(*, days=None, now=None):
    """Delete axes' records older than `days` (default settings.LOGIN_RECORD_RETENTION_DAYS); how many."""
    days = settings.LOGIN_RECORD_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        count, _per_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted += count
    return deleted
