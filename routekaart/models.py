"""The warm hand-off: a question an entrepreneur puts to the innovatieloket of their region, and who sees it.

A HandoffRequest holds personal data. Only the editors of its loket (catalog.OrganisationEditor), the curators
of its region and provincial administrators see it in admin (routekaart/admin.py), and
`manage.py purge_handoffs` deletes it after settings.HANDOFF_RETENTION_DAYS.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    EntrepreneurTypeCode,
    KnowledgeForm,
    LearningCommunity,
    Organisation,
    OrganisationKind,
    Region,
)

LOKET_CHOICES = {"kind": OrganisationKind.INNOVATIELOKET}


class HandoffStatus(models.TextChoices):
    """Where a question is (who may move it where: routekaart/cases.py)."""

    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in-behandeling", _("In behandeling")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    AFGEROND = "afgerond", _("Afgerond")


class HandoffOutcome(models.TextChoices):
    """How a question ended: one vocabulary, required when it is closed ("afgerond")."""

    ADVIES = "advies-gegeven", _("Advies gegeven")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen naar een andere organisatie")
    REGELING = "regeling-aangevraagd", _("Regeling aangevraagd")
    GEEN_AANBOD = "geen-passend-aanbod", _("Geen passend aanbod")
    BUDGET_OP = "budget-op", _("Budget op")
    ZIET_AF = "ondernemer-ziet-af", _("Ondernemer ziet ervan af")
    GEEN_CONTACT = "geen-contact", _("Ondernemer niet bereikt")
    # Questions closed ("afgehandeld") before outcomes were recorded; not offered for new closures.
    NIET_VASTGELEGD = "niet-vastgelegd", _("Niet vastgelegd (afgehandeld vóór de uitkomsten)")


class HandoffRequest(models.Model):
    """A question handed to a loket, with the entrepreneur's profile from the quickscan."""

    Status = HandoffStatus
    FORGOTTEN = "Vraag aan een loket (gewist)"  # what the admin's log keeps of a purged or withdrawn question

    QUESTION_MAX_LENGTH = 2000

    loket = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="handoff_requests",
        limit_choices_to=LOKET_CHOICES,
        verbose_name=_("innovatieloket"),
    )
    profile = models.CharField(
        _("antwoorden quickscan"), max_length=500, help_text=_("Het profiel als querystring van de route.")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="handoff_requests", verbose_name=_("regio")
    )
    entrepreneur_type = models.CharField(
        _("type ondernemer"), max_length=1, choices=EntrepreneurTypeCode.choices
    )
    factors = models.CharField(_("ontbrekende factoren"), max_length=100, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    company = models.CharField(_("bedrijf"), max_length=200)
    question = models.CharField(_("vraag"), max_length=QUESTION_MAX_LENGTH)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    consent = models.BooleanField(_("toestemming"))
    referral_consent = models.BooleanField(
        _("mag worden doorgestuurd"),
        default=False,
        help_text=_(
            "De ondernemer vond het goed dat het loket de vraag doorstuurt naar een andere organisatie."
        ),
    )
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HandoffStatus.choices, default=HandoffStatus.NIEUW
    )
    notified_at = models.DateTimeField(
        _("loket gemaild op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Leeg zolang de e-mail aan het loket niet is verstuurd (manage.py notify_handoffs)."),
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=30, choices=HandoffOutcome.choices, blank=True, default=""
    )
    referred_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handoffs_referred_here",
        verbose_name=_("doorverwezen naar"),
        help_text=_("De organisatie, als de uitkomst een doorverwijzing is."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_handoffs",
        verbose_name=_("behandelaar"),
        help_text=_("Een redacteur van dit loket of de curator van de regio."),
    )
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True, editable=False)
    # The reminders of `manage.py remind_handoffs`: each stage is sent once per question.
    reminded_at = models.DateTimeField(_("herinnering gestuurd op"), null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(
        _("herinnering aan het hele loket op"), null=True, blank=True, editable=False
    )
    # The entrepreneur's private link /mijn-vraag/<token>/ (routekaart/status.py): only a hash of the token is
    # kept, so a copy of the database opens nothing; emptied when the question is withdrawn.
    status_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("vraag aan een loket")
        verbose_name_plural = _("vragen aan een loket")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="routekaart_handoffrequest_consent"),
            models.CheckConstraint(
                condition=Q(status__in=HandoffStatus.values), name="routekaart_handoffrequest_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(entrepreneur_type__in=EntrepreneurTypeCode.values),
                name="routekaart_handoffrequest_entrepreneur_type_valid",
            ),
            # A withdrawn question keeps no text (routekaart/status.py: withdraw).
            models.CheckConstraint(
                condition=~Q(question="") | Q(withdrawn_at__isnull=False),
                name="routekaart_handoffrequest_question_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[*HandoffOutcome.values, ""]),
                name="routekaart_handoffrequest_outcome_valid",
            ),
            # An outcome exactly when closed; a referral outcome names the organisation.
            models.CheckConstraint(
                condition=Q(status=HandoffStatus.AFGEROND, outcome__gt="")
                | (~Q(status=HandoffStatus.AFGEROND) & Q(outcome="")),
                name="routekaart_handoffrequest_outcome_when_closed",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=HandoffOutcome.DOORVERWEZEN) | Q(referred_to__isnull=False),
                name="routekaart_handoffrequest_referral_names_organisation",
            ),
        ]

    def __str__(self):
        company = self.company if self.withdrawn_at is None else _("Ingetrokken vraag")
        return f"{company} → {self.loket} ({self.created_at:%d-%m-%Y})"

    def clean(self):
        if self.status == HandoffStatus.AFGEROND and not self.outcome:
            raise ValidationError({"outcome": _("Kies een uitkomst als u de vraag afrondt.")})
        if self.status != HandoffStatus.AFGEROND and self.outcome:
            raise ValidationError({"outcome": _("Een uitkomst hoort alleen bij een afgeronde vraag.")})
        if self.outcome == HandoffOutcome.DOORVERWEZEN and self.referred_to_id is None:
            raise ValidationError({"referred_to": _("Kies de organisatie waarnaar u hebt doorverwezen.")})


class HandoffNote(models.Model):
    """An internal note on a question, for whoever handles it; never shown to the entrepreneur. It may hold
    personal data: deleted with its question (`purge_handoffs`)."""

    TEXT_MAX_LENGTH = 4000

    handoff = models.ForeignKey(
        HandoffRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("vraag")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)
    text = models.TextField(_("notitie"), max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("interne notitie")
        verbose_name_plural = _("interne notities")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="routekaart_handoffnote_not_empty")]

    def __str__(self):
        # No personal data: the admin's log keeps this text (in the question's change message).
        return str(_("Notitie"))


class HandoffAddition(models.Model):
    """Information the entrepreneur added to their question on their private status page. Personal data:
    shown to whoever handles the question, deleted with it (purge, withdrawal)."""

    TEXT_MAX_LENGTH = 1000

    handoff = models.ForeignKey(
        HandoffRequest, on_delete=models.CASCADE, related_name="additions", verbose_name=_("vraag")
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    text = models.TextField(_("aanvulling"), max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("aanvulling van de ondernemer")
        verbose_name_plural = _("aanvullingen van de ondernemer")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="routekaart_handoffaddition_not_empty")
        ]

    def __str__(self):
        return str(_("Aanvulling van de ondernemer"))


class ReferralState(models.TextChoices):
    """Where a referral is (who may move it where: routekaart/cases.py)."""

    OPEN = "open", _("Open")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Referral(models.Model):
    """One link in a question's referral chain: the loket passes the question on to another organisation in
    the catalogue, with a note; that organisation accepts it, sends it back or closes it with an outcome.
    Only with the entrepreneur's consent (`HandoffRequest.referral_consent`). The notes may hold personal
    data: deleted with the question (`purge_handoffs`)."""

    State = ReferralState
    NOTE_MAX_LENGTH = 4000
    HOLDING = (ReferralState.OPEN, ReferralState.GEACCEPTEERD)  # the receiver has the question now

    handoff = models.ForeignKey(
        HandoffRequest, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("vraag")
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("van")
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("naar")
    )
    note = models.TextField(_("toelichting"), max_length=NOTE_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("doorverwezen door"),
    )
    created_at = models.DateTimeField(_("doorverwezen op"), auto_now_add=True)
    state = models.CharField(
        _("stand"), max_length=20, choices=ReferralState.choices, default=ReferralState.OPEN
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=30, choices=HandoffOutcome.choices, blank=True, default=""
    )
    answer = models.TextField(_("antwoord"), max_length=NOTE_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    # when the receiving organisation's editors were mailed; empty: `notify_handoffs` retries
    notified_at = models.DateTimeField(_("organisatie gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ReferralState.values), name="routekaart_referral_state_valid"
            ),
            models.CheckConstraint(condition=~Q(note=""), name="routekaart_referral_note_not_empty"),
            # An outcome exactly when closed; at most one organisation holds a question at a time.
            models.CheckConstraint(
                condition=Q(state=ReferralState.AFGESLOTEN, outcome__gt="")
                | (~Q(state=ReferralState.AFGESLOTEN) & Q(outcome="")),
                name="routekaart_referral_outcome_when_closed",
            ),
            models.UniqueConstraint(
                fields=["handoff"],
                condition=Q(state__in=[ReferralState.OPEN, ReferralState.GEACCEPTEERD]),
                name="routekaart_referral_one_holder",
            ),
        ]

    def __str__(self):
        # No personal data: the admin's log may keep this text.
        return f"{self.from_organisation} → {self.to_organisation}"


class JoinRequest(models.Model):
    """ "Ik wil meedoen": someone asks to join a learning community. Personal data, like a HandoffRequest:
    only the editors of the community's contact organisation and the curators of its regions see it
    (routekaart/admin.py), and `manage.py purge_handoffs` deletes it after settings.HANDOFF_RETENTION_DAYS."""

    MESSAGE_MAX_LENGTH = 2000

    community = models.ForeignKey(
        LearningCommunity,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("leergemeenschap"),
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    organisation_name = models.CharField(_("bedrijf, school of organisatie"), max_length=200)
    message = models.CharField(_("wat u wilt inbrengen of leren"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    consent = models.BooleanField(_("toestemming"))
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(
        _("contactorganisatie gemaild op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Leeg zolang de e-mail aan de contactorganisatie niet is verstuurd."),
    )

    class Meta:
        verbose_name = _("aanmelding voor een leergemeenschap")
        verbose_name_plural = _("aanmeldingen voor leergemeenschappen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="routekaart_joinrequest_consent"),
        ]

    def __str__(self):
        # No personal data: the admin's log keeps this text after the request is purged.
        return f"{self.community} ({self.created_at:%d-%m-%Y})"


class KnowledgeShare(models.Model):
    """ "Deel uw kennis": a firm offers to share what it knows (a visit, a demo, mentoring, a shared machine)
    or to tell its story as an ambassador. It goes to the loket of the firm's region as a draft for its
    editors, who may make a knowledge offer of it; nothing is published from it directly. Personal data,
    with the hand-off's rules: seen by that loket's editors and the region's curator, purged after
    settings.HANDOFF_RETENTION_DAYS."""

    OFFER_MAX_LENGTH = 2000

    loket = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="knowledge_shares",
        limit_choices_to=LOKET_CHOICES,
        verbose_name=_("innovatieloket"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="knowledge_shares", verbose_name=_("regio")
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    organisation_name = models.CharField(_("bedrijf"), max_length=200)
    form = models.CharField(_("vorm"), max_length=30, choices=KnowledgeForm.choices, blank=True)
    offer = models.CharField(_("wat het bedrijf wil delen"), max_length=OFFER_MAX_LENGTH)
    ambassador = models.BooleanField(_("wil ook als ambassadeur zijn verhaal vertellen"), default=False)
    consent = models.BooleanField(_("toestemming"))
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True, db_index=True)
    notified_at = models.DateTimeField(_("loket gemaild op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanbod om kennis te delen")
        verbose_name_plural = _("aanbiedingen om kennis te delen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="routekaart_knowledgeshare_consent"),
            models.CheckConstraint(condition=~Q(offer=""), name="routekaart_knowledgeshare_offer_not_empty"),
            models.CheckConstraint(
                condition=Q(form__in=[*KnowledgeForm.values, ""]), name="routekaart_knowledgeshare_form_valid"
            ),
        ]

    def __str__(self):
        # No personal data: the admin's log keeps this text after the offer is purged.
        return f"{self.loket} ({self.created_at:%d-%m-%Y})"
