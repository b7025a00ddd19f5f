"""Keeps the anonymous demand figures (ecosystems.demand) in step with the questions to a loket.

Every save of a question updates its row without the person (region, loket, profile, month, status, outcome,
working days to first contact); a delete (purge, withdrawal) only drops the link, so the figures stay.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ecosystems import demand

from . import cases
from .models import HandoffRequest

logger = logging.getLogger(__name__)


def fact_fields(handoff):
    contacted = handoff.first_contact_at
    return {
        "month": demand.month_of(timezone.localdate(handoff.created_at)),
        "region_id": handoff.region_id,
        "loket_id": handoff.loket_id,
        "entrepreneur_type": handoff.entrepreneur_type,
        "factors": ",".join(f.strip() for f in handoff.factors.split(",") if f.strip()),
        "status": handoff.status,
        "outcome": handoff.outcome,
        "contact_days": None
        if contacted is None
        else cases.working_days_between(handoff.created_at, contacted),
        "contact_in_time": None
        if contacted is None
        else timezone.localdate(contacted) <= cases.due_on(handoff.created_at),
    }


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here must not undo the question
            demand.save_question_fact(instance.pk, **fact_fields(instance))
    except DatabaseError:
        logger.exception("Demand figures of question %s not updated", instance.pk)


def _deleted(sender, instance, **kwargs):
    demand.forget_question(instance.pk)


def connect():
    post_save.connect(_saved, sender=HandoffRequest, dispatch_uid="demand-question-saved")
    post_delete.connect(_deleted, sender=HandoffRequest, dispatch_uid="demand-question-deleted")
