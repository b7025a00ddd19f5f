"""A question to a loket as a case: who may move it to which status, who may handle it, when it is overdue.

The rules in one place (docs/handoff.md, "Een vraag als zaak"); routekaart/admin.py and
`manage.py remind_handoffs` apply them.

- Roles on one question: the editors of its loket (catalog.OrganisationEditor), the curators of its region or
  of a region the loket serves, and provincial administrators (catalog/curation/roles.py). A loket editor of
  another loket has no role on it.
- Transitions: EDITOR_MOVES for the loket's editors; a curator or administrator may also reopen a closed
  question (CURATOR_MOVES).
- Referral (warm doorverwijzen, issue 14 item 2): whoever may move a question to "doorverwezen" may refer it
  to another organisation that has active editors, only with the entrepreneur's consent and while no other
  organisation holds it. The receiving organisation's editors (RECEIVER) answer it by REFERRAL_MOVES: accept,
  send back (the question returns to the loket as "in behandeling") or close it with an outcome (the question
  is then "afgerond"). A provincial administrator may answer for them. `current_holder` says who has it.
- Response time: first contact within settings.HANDOFF_FIRST_CONTACT_WORKING_DAYS working days after the day
  it came in (Monday to Friday; public holidays are not counted as free days: no well-kept holiday library is
  pinned). Overdue: no first contact by the end of that day and not closed.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.curation import roles
from catalog.models import CuratorRegion, Organisation, OrganisationEditor, Region

from .models import HandoffOutcome, HandoffStatus, ReferralState

NIEUW, IN_BEHANDELING, DOORVERWEZEN, AFGEROND = (
    HandoffStatus.NIEUW,
    HandoffStatus.IN_BEHANDELING,
    HandoffStatus.DOORVERWEZEN,
    HandoffStatus.AFGEROND,
)

EDITOR, CURATOR, ADMIN = "redacteur", "curator", "beheerder"

EDITOR_MOVES = {
    NIEUW: {IN_BEHANDELING, AFGEROND},
    IN_BEHANDELING: {DOORVERWEZEN, AFGEROND},
    DOORVERWEZEN: {IN_BEHANDELING, AFGEROND},
    AFGEROND: set(),
}
CURATOR_MOVES = {**EDITOR_MOVES, AFGEROND: {IN_BEHANDELING}}  # reopening is for the curator
MOVES = {EDITOR: EDITOR_MOVES, CURATOR: CURATOR_MOVES, ADMIN: CURATOR_MOVES}

OPEN, GEACCEPTEERD, TERUGGESTUURD, AFGESLOTEN = (
    ReferralState.OPEN,
    ReferralState.GEACCEPTEERD,
    ReferralState.TERUGGESTUURD,
    ReferralState.AFGESLOTEN,
)
RECEIVER = "ontvanger"
REFERRAL_MOVES = {
    OPEN: {GEACCEPTEERD, TERUGGESTUURD, AFGESLOTEN},
    GEACCEPTEERD: {TERUGGESTUURD, AFGESLOTEN},
    TERUGGESTUURD: set(),
    AFGESLOTEN: set(),
}
# What the receiving side may close with: not a referral (onward referral is not built) nor the legacy code.
RECEIVER_OUTCOMES = [
    (value, label)
    for value, label in HandoffOutcome.choices
    if value not in (HandoffOutcome.DOORVERWEZEN, HandoffOutcome.NIET_VASTGELEGD)
]

SHARE_DAYS = 90  # the window of the share of questions with first contact in time


# --- Who ---------------------------------------------------------------------------------------------------


def _curator_regions_of(handoff):
    """The regions whose curators handle `handoff`: those holding its region or a region its loket serves."""
    served = Organisation.regions.through.objects.filter(organisation=handoff.loket_id).values("region")
    return Region.objects.filter(Q(descendants=handoff.region_id) | Q(descendants__in=served)).values("pk")


def editor_addresses(organisation):
    """The e-mail addresses of the active editors of `organisation` (a loket or a referral's receiver)."""
    rows = OrganisationEditor.objects.filter(organisation=organisation, user__is_active=True)
    return sorted(set(rows.exclude(user__email="").values_list("user__email", flat=True)))


def case_admin_url(handoff_pk, site_url=""):
    """Where a mail sends staff to read a question: its admin page (the personal data stays there)."""
    return site_url.rstrip("/") + reverse("admin:routekaart_handoffrequest_change", args=[handoff_pk])


def role_on(user, handoff):
    """EDITOR, CURATOR, ADMIN or None: what `user` is on this question (the strongest)."""
    if roles.is_provincial_admin(user):
        return ADMIN
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if CuratorRegion.objects.filter(user=user, region__in=_curator_regions_of(handoff)).exists():
        return CURATOR
    if OrganisationEditor.objects.filter(user=user, organisation=handoff.loket_id).exists():
        return EDITOR
    return None


def next_statuses(user, handoff, *, role=None):
    """The statuses `user` may move `handoff` to from its current status."""
    role = role or role_on(user, handoff)
    return MOVES.get(role, {}).get(handoff.status, set())


def may_move(user, handoff, status, *, role=None):
    """Whether `user` may move `handoff` to `status` (staying where it is is always allowed to its roles)."""
    role = role or role_on(user, handoff)
    if role is None:
        return False
    return status == handoff.status or status in next_statuses(user, handoff, role=role)


def assignable_users(handoff):
    """Who a question may be assigned to: active editors of its loket, and the curators of its region."""
    editors = OrganisationEditor.objects.filter(organisation=handoff.loket_id).values("user")
    curators = CuratorRegion.objects.filter(region__in=_curator_regions_of(handoff)).values("user")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=editors) | Q(pk__in=curators), is_active=True, is_staff=True)
        .order_by("first_name", "last_name", "username")
    )


# --- Referral ----------------------------------------------------------------------------------------------


def open_referral(handoff):
    """The referral whose receiver has the question now (open or accepted), or None; from the prefetched
    referrals when the caller loaded them (the admin's change page)."""
    loaded = getattr(handoff, "_prefetched_objects_cache", {}).get("referrals")
    if loaded is not None:
        return next((r for r in loaded if r.state in (OPEN, GEACCEPTEERD)), None)
    return handoff.referrals.filter(state__in=[OPEN, GEACCEPTEERD]).select_related("to_organisation").first()


def current_holder(handoff):
    """The organisation that has the question now: the receiver of the open or accepted referral, else the
    loket it was sent to."""
    referral = open_referral(handoff)
    return referral.to_organisation if referral else handoff.loket


def referral_targets(handoff):
    """The organisations a question may be referred to: published or not, any kind, with at least one active
    editor; not its own loket."""
    with_editors = OrganisationEditor.objects.filter(user__is_active=True).values("organisation")
    return Organisation.objects.filter(pk__in=with_editors).exclude(pk=handoff.loket_id).order_by("name")


def why_not_refer(user, handoff, *, role=None):
    """None when `user` may refer `handoff` now; else the reason, in words for the admin."""
    role = role or role_on(user, handoff)
    if role not in (EDITOR, CURATOR, ADMIN):
        return _("Alleen het loket kan deze vraag doorverwijzen.")
    if not handoff.referral_consent:
        return _("De ondernemer heeft geen toestemming gegeven om de vraag door te sturen.")
    if open_referral(handoff) is not None:
        return _("De vraag ligt al bij een andere organisatie.")
    if DOORVERWEZEN not in next_statuses(user, handoff, role=role):
        return _("Zet de vraag eerst op 'in behandeling'.")
    return None


def may_refer(user, handoff, *, role=None):
    return why_not_refer(user, handoff, role=role) is None


def is_receiver(user, referral):
    """Whether `user` answers `referral`: an active editor of the receiving organisation, or a provincial
    administrator."""
    if roles.is_provincial_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return OrganisationEditor.objects.filter(user=user, organisation=referral.to_organisation_id).exists()


def next_referral_states(user, referral):
    """The states `user` may move `referral` to."""
    return REFERRAL_MOVES[referral.state] if is_receiver(user, referral) else set()


def may_answer(user, referral, state):
    return state in next_referral_states(user, referral)


# --- When --------------------------------------------------------------------------------------------------


def add_working_days(day, count):
    """The date `count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def working_days_between(start, end):
    """The working days after the day of `start` up to and including the day of `end` (0: the same day)."""
    day, last, count = timezone.localdate(start), timezone.localdate(end), 0
    while day < last:
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


def due_on(created_at):
    """The last day for first contact with a question that came in at `created_at`."""
    return add_working_days(timezone.localdate(created_at), settings.HANDOFF_FIRST_CONTACT_WORKING_DAYS)


def _came_in_before_day(today, extra_working_days=0):
    """The start of the first day whose questions are not yet overdue today (by `extra_working_days` more):
    questions that came in before it are. `due_on` grows with the day it came in, so step back from today."""
    working_days = settings.HANDOFF_FIRST_CONTACT_WORKING_DAYS + extra_working_days
    day = today
    while add_working_days(day, working_days) >= today:
        day -= timedelta(days=1)
    start = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(start)


def waiting(queryset):
    """The questions nobody contacted yet that are still open."""
    return queryset.filter(first_contact_at__isnull=True).exclude(status=AFGEROND)


def overdue(queryset, *, today=None, extra_working_days=0):
    """The questions of `queryset` without first contact past their due day (by `extra_working_days`)."""
    today = today or timezone.localdate()
    return waiting(queryset).filter(created_at__lt=_came_in_before_day(today, extra_working_days))


def is_overdue(handoff, *, today=None):
    today = today or timezone.localdate()
    if handoff.first_contact_at is not None or handoff.status == AFGEROND:
        return False
    return today > due_on(handoff.created_at)


def counts(queryset, *, today=None):
    """{"new": questions with status nieuw, "overdue": overdue questions} of `queryset`, in two queries."""
    return {
        "new": queryset.filter(status=NIEUW).count(),
        "overdue": overdue(queryset, today=today).count(),
    }


def share_met(queryset, *, today=None):
    """Per loket, over the questions of `queryset` that came in the last SHARE_DAYS days and whose due day has
    passed or that were contacted: [(loket name, contacted in time, of how many)], by loket name."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=SHARE_DAYS), time.min))
    rows = queryset.filter(created_at__gte=since).values_list("loket__name", "created_at", "first_contact_at")
    totals = {}
    for loket, created_at, contacted_at in rows:
        due = due_on(created_at)
        if contacted_at is None and today <= due:
            continue  # still within its time: neither met nor missed
        in_time = contacted_at is not None and timezone.localdate(contacted_at) <= due
        met, count = totals.get(loket, (0, 0))
        totals[loket] = (met + in_time, count + 1)
    return [(loket, met, count) for loket, (met, count) in sorted(totals.items())]


def record_first_contact(handoff, *, now=None):
    """Set the time of first contact, once: a later call keeps the first."""
    if handoff.first_contact_at is None:
        handoff.first_contact_at = now or timezone.now()
    return handoff
