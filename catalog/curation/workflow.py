"""Publication workflow: concept → ter review → gepubliceerd → gearchiveerd, and who may move a record where.

Loket editors move their records between concept and ter review (submit for review, take back). Curators and
provincial administrators, within their scope, also publish (from concept or ter review), send a record back
to concept, archive a published record and revive an archived one as concept.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import PublicationStatus as Status

from .roles import can_edit, can_publish

EDITOR_MOVES = {
    Status.CONCEPT: {Status.REVIEW},
    Status.REVIEW: {Status.CONCEPT},
}
PUBLISHER_MOVES = {
    Status.CONCEPT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.CONCEPT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.ARCHIVED},
    Status.ARCHIVED: {Status.CONCEPT},
}
EDITOR_START = {Status.CONCEPT, Status.REVIEW}
PUBLISHER_START = {Status.CONCEPT, Status.REVIEW, Status.PUBLISHED}


def stored_status(record):
    """The status in the database (a reverted history version carries an old status of its own)."""
    if record.pk is None:
        return None
    return (
        type(record)
        ._default_manager.filter(pk=record.pk)
        .values_list("publication_status", flat=True)
        .first()
    )


def allowed_transitions(user, record):
    """The statuses `user` may move `record` to from its stored status (for a new record: start with)."""
    current = stored_status(record)
    publisher = can_publish(user)
    if current is None:
        return set(PUBLISHER_START if publisher else EDITOR_START)
    if not can_edit(user, record):
        return set()
    return set((PUBLISHER_MOVES if publisher else EDITOR_MOVES).get(current, set()))


def allowed_statuses(user, record):
    """The statuses a form may offer: the stored one (keep it) and the allowed moves, in workflow order."""
    current = stored_status(record)
    allowed = allowed_transitions(user, record) | ({current} if current else set())
    return [status for status in Status if status in allowed]


def check_transition(user, record, new_status):
    """Raise ValidationError when `user` may not give `record` the status `new_status`."""
    current = stored_status(record)
    if new_status == current or new_status in allowed_transitions(user, record):
        return
    names = ", ".join(str(Status(s).label) for s in allowed_statuses(user, record))
    raise ValidationError(
        _("U mag de status niet van ‘%(current)s’ naar ‘%(new)s’ zetten. U kunt kiezen uit: %(allowed)s.")
        % {
            "current": Status(current).label if current else _("nieuw"),
            "new": Status(new_status).label,
            "allowed": names or _("geen andere status"),
        },
        code="transition",
    )


def on_publish(record, today=None):
    """A record that goes public without a review date gets today's: a curator has just checked it.

    Only the step to published counts: another change to a published record is no review.
    """
    going_public = record.publication_status == Status.PUBLISHED and stored_status(record) != Status.PUBLISHED
    if going_public and record.last_reviewed is None:
        record.last_reviewed = today or timezone.localdate()


def transition(user, record, new_status):
    """Move `record` to `new_status` if allowed, and save it (history records who did it)."""
    check_transition(user, record, new_status)
    record.publication_status = new_status
    on_publish(record)
    record.save()
    return record
