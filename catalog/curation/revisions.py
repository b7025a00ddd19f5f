"""Four eyes: an editor's change to a published record waits for a curator (docs/curation.md, "Vier ogen").

The admin form of a published record that the user may edit but not review (`roles.may_approve`) does not save
the record: `submit` stores the changed fields as a PendingRevision and the published version stays online.
A curator of the record's regions or a provincial administrator sees the change as a diff and approves it
(applied in one transaction, one history entry) or rejects it with a note. One revision per record waits at a
time: while it waits, another change to that record is refused (the form says so), so no proposal silently
overwrites another made against the same published version.
"""

import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from catalog import history
from catalog.models import PendingRevision, PublicationStatus, RevisionState

from . import roles
from .roles import SCOPED_MODELS
from .workflow import stored_status

EMPTY = "—"
logger = logging.getLogger(__name__)


def held(user, record):
    """Whether `user`'s change to `record` waits for review: a published record they may not review."""
    return (
        record is not None
        and record.pk is not None
        and stored_status(record) == PublicationStatus.PUBLISHED
        and not roles.may_approve(user, record)
    )


def pending_for(record):
    """The revision of `record` that waits for review, or None."""
    return PendingRevision.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        state=RevisionState.PENDING,
    ).first()


def refuse_second(record):
    """Raise ValidationError when a change to `record` already waits (one at a time)."""
    waiting = pending_for(record)
    if waiting is not None:
        raise ValidationError(
            _(
                "Er wacht al een wijziging van dit gegeven op controle (ingediend door %(author)s op "
                "%(date)s). "
                "U kunt een nieuwe wijziging indienen als een curator die heeft beoordeeld."
            )
            % {
                "author": display_name(waiting.author),
                "date": formats.date_format(timezone.localtime(waiting.created_at), "j F Y"),
            },
            code="pending",
        )


def _as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _stored(record, field):
    """The field's value in `record` as a revision holds it: a relation's pk, a many-to-many's sorted pks."""
    if field.many_to_many:
        return sorted(getattr(record, field.name).values_list("pk", flat=True))
    value = getattr(record, field.attname)
    return value if field.is_relation else _as_json(value)


def proposal(form):
    """({field name: proposed value as JSON}, {field name: stored value as JSON}) for the form's model fields
    whose value differs from the stored record (compared with the database, not the form's initial values: a
    revert starts from an old one)."""
    model = form._meta.model
    stored = model._default_manager.get(pk=form.instance.pk)
    proposed, base = {}, {}
    for name in form.fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if field.many_to_many:
            value = sorted(item.pk for item in value or [])
            current = _stored(stored, field)
        elif field.is_relation:
            value = value.pk if value is not None else None
            current = getattr(stored, field.attname)
        else:
            current = getattr(stored, field.attname)  # compared as Python values: 1000 == 1000.00
        if value != current:
            proposed[name] = value if field.is_relation else _as_json(value)
            base[name] = _stored(stored, field)
    return proposed, base


def submit(user, record, form, *, site_url=""):
    """Store the form's changes to `record` as a revision waiting for review, and tell its reviewers; the
    record stays unchanged. None when the form changes nothing."""
    proposed, base = proposal(form)
    if not proposed:
        return None
    revision = PendingRevision.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_name=str(type(record)._default_manager.get(pk=record.pk))[:300],
        proposed=proposed,
        base=base,
        author=user,
    )
    with translation.override(settings.LANGUAGE_CODE):  # staff mails are in Dutch
        subject = _("Wijziging ter controle: %(record)s") % {"record": revision.record_name}
        body = _(
            "%(author)s stelt een wijziging voor van %(record)s. De versie op de website blijft staan tot u "
            "de wijziging beoordeelt:\n%(url)s"
        ) % {
            "author": display_name(user),
            "record": revision.record_name,
            "url": _revision_url(revision, site_url),
        }
    _mail_after_commit(revision, subject, body, reviewer_addresses(record))
    return revision


def reviewer_addresses(record):
    """Who is told that a change waits: the curators whose regions the record lies within; when it has none,
    the provincial administrators (they review every record)."""
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    curators = staff.filter(groups__name=roles.REGIONAL_CURATOR).distinct()
    found = {user.email for user in curators if roles.may_approve(user, record)}
    if not found:
        admins = staff.filter(Q(is_superuser=True) | Q(groups__name=roles.PROVINCIAL_ADMIN)).distinct()
        found = {user.email for user in admins}
    return sorted(found)


def display_name(user):
    return user.get_full_name() or user.get_username()


def _revision_url(revision, site_url):
    return site_url.rstrip("/") + reverse("admin_revision", args=[revision.pk])


def _mail_after_commit(revision, subject, body, recipients):
    """Send once the revision is stored; a failing mail server is logged, never raised (the dashboard and
    the editor's list show the revision either way)."""

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except Exception as error:
            logger.error("Revision %s: mail to %s failed: %r", revision.pk, recipients, error)

    if recipients:
        transaction.on_commit(send)


def changed_since(revision, record):
    """The fields of the revision that changed on the website after the editor submitted it: approving
    would overwrite those changes."""
    model = type(record)
    return [
        name
        for name, value in (revision.base or {}).items()
        if name in revision.proposed and _stored(record, model._meta.get_field(name)) != value
    ]


# --- Who sees which revision -------------------------------------------------------------------------------


def _reviewed(user):
    """The condition on revisions of the records `user` reviews (roles.may_approve)."""
    if roles.is_provincial_admin(user):
        return Q()
    reviewed = Q(pk__in=[])
    if roles.can_publish(user):
        for model in SCOPED_MODELS:
            reviewed |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=roles.approvable(user, model._default_manager.all()).values("pk"),
            )
    return reviewed


def visible(user, queryset):
    """The revisions `user` may open: their own, and those of records they review."""
    if roles.is_provincial_admin(user):
        return queryset
    return queryset.filter(Q(author=user) | _reviewed(user))


def awaiting(user):
    """The revisions waiting for `user`'s review, oldest first."""
    if not roles.can_publish(user):
        return PendingRevision.objects.none()
    return (
        PendingRevision.objects.filter(_reviewed(user), state=RevisionState.PENDING)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def record_of(revision):
    model = revision.content_type.model_class()
    return model._default_manager.filter(pk=revision.object_id).first()


def may_decide(user, revision, record):
    return revision.state == RevisionState.PENDING and record is not None and roles.may_approve(user, record)


# --- The diff ----------------------------------------------------------------------------------------------


def _display(field, value):
    """A value as the curator reads it: labels of choices and related records, Ja/Nee, dates in Dutch."""
    if field.many_to_many:
        names = [str(item) for item in field.related_model._default_manager.filter(pk__in=value or [])]
        return ", ".join(sorted(names)) or EMPTY
    if field.is_relation:
        item = field.related_model._default_manager.filter(pk=value).first() if value else None
        return str(item) if item is not None else EMPTY
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return formats.localize(value)


def _current(record, field):
    if field.many_to_many:
        return list(getattr(record, field.name).values_list("pk", flat=True))
    return getattr(record, field.attname)


def _typed(field, value):
    if field.many_to_many:
        return value
    if field.is_relation:
        return value
    return field.to_python(value)


def diff(revision, record):
    """[(field label, current value, proposed value, value when submitted or None)] in words, in the order of
    the model's fields; the value when submitted only for a field that changed on the website since."""
    rows = []
    model = type(record)
    changed = set(changed_since(revision, record)) if revision.state == RevisionState.PENDING else set()
    for field in model._meta.get_fields():
        if field.name not in revision.proposed or not hasattr(field, "verbose_name"):
            continue
        proposed = _typed(field, revision.proposed[field.name])
        was = _display(field, _typed(field, revision.base[field.name])) if field.name in changed else None
        rows.append(
            (
                str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:],
                _display(field, _current(record, field)),
                _display(field, proposed),
                was,
            )
        )
    return rows


# --- Deciding ----------------------------------------------------------------------------------------------


def _locked(user, revision_pk):
    revision = PendingRevision.objects.select_for_update().select_related("author").get(pk=revision_pk)
    record = record_of(revision)
    if not may_decide(user, revision, record):
        raise PermissionDenied
    return revision, record


def approve(user, revision_pk, *, overwrite=False, site_url=""):
    """Apply the revision to its record in one transaction (one history entry, by the approving user). When a
    field changed on the website after the editor submitted, only with `overwrite` (the curator saw it)."""
    with transaction.atomic():
        revision, record = _locked(user, revision_pk)
        if changed_since(revision, record) and not overwrite:
            raise ValidationError(
                _(
                    "Dit gegeven is op de website gewijzigd nadat de redacteur de wijziging indiende. "
                    "Kijk naar de verschillen en vink aan dat goedkeuren die latere wijziging overschrijft, "
                    "of wijs de wijziging af."
                ),
                code="changed_since",
            )
        model = type(record)
        relations = {}
        for name, value in revision.proposed.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                relations[name] = value
            else:
                setattr(record, field.attname, _typed(field, value))
        record.full_clean(validate_unique=True)
        author = display_name(revision.author)
        record._change_reason = (_("Wijziging van %(author)s goedgekeurd") % {"author": author})[:100]
        record.save()
        if relations:
            record.skip_history_when_saving = True  # one entry, completed with the relations below
            try:
                for name, pks in relations.items():
                    getattr(record, name).set(pks)
            finally:
                del record.skip_history_when_saving
            if history.has_history(model):
                history.complete_latest(record)
        _decide(revision, user, RevisionState.APPROVED, "", site_url)
    return revision


def reject(user, revision_pk, note, *, site_url=""):
    """Keep the published version; the editor sees the note in their list of changes and in a mail."""
    with transaction.atomic():
        revision, _record = _locked(user, revision_pk)
        _decide(revision, user, RevisionState.REJECTED, note, site_url)
    return revision


def withdraw(user, revision_pk):
    """The editor takes back their own waiting change (to correct it, or because it is no longer needed)."""
    with transaction.atomic():
        revision = PendingRevision.objects.select_for_update().get(pk=revision_pk)
        if not may_withdraw(user, revision):
            raise PermissionDenied
        revision.state = RevisionState.WITHDRAWN
        revision.decided_at = timezone.now()
        revision.save(update_fields=["state", "decided_at"])
    return revision


def may_withdraw(user, revision):
    return revision.state == RevisionState.PENDING and revision.author_id == user.pk


def _decide(revision, user, state, note, site_url):
    revision.state = state
    revision.note = note
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "note", "decided_by", "decided_at"])
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "record": revision.record_name,
            "state": revision.get_state_display(),
            "curator": display_name(user),
            "url": _revision_url(revision, site_url),
        }
        subject = _("Uw wijziging van %(record)s is %(state)s") % values
        body = _("%(curator)s heeft uw wijziging van %(record)s beoordeeld: %(state)s.") % values
        if note:
            body += "\n\n" + _("Toelichting: %(note)s") % {"note": note}
        body += "\n\n" + values["url"]
    recipients = [revision.author.email] if revision.author.email and revision.author.is_active else []
    _mail_after_commit(revision, subject, body, recipients)
