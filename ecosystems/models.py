from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageSnapshot(models.Model):
    """The coverage matrices at one moment, so officials can see what changed since (ecosystems.coverage)."""

    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    # {"regio": {row: {column: total}}, "mbo": ..., "type:<region>": ..., "grootte:<region>": ...}
    data = models.JSONField(_("matrices"), editable=False)

    class Meta:
        verbose_name = _("momentopname van de dekking")
        verbose_name_plural = _("momentopnamen van de dekking")
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%d-%m-%Y %H:%M}"


class QuickscanCount(models.Model):
    """How many quickscans ended in a route on one day, per combination of the profile (ecosystems.demand).

    No visitor data: only the day, the answers that place the firm and a count. A profile naming two lacking
    factors counts once under each; one naming none under factor "".
    """

    day = models.DateField(_("dag"))
    region = models.ForeignKey(
        "catalog.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("regio")
    )
    factor = models.CharField(_("ontbrekende factor"), max_length=30, blank=True)
    entrepreneur_type = models.CharField(_("type ondernemer"), max_length=1)
    firm_size = models.CharField(_("bedrijfsgrootte"), max_length=30, blank=True)
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("telling van quickscans")
        verbose_name_plural = _("tellingen van quickscans")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "region", "factor", "entrepreneur_type", "firm_size"],
                name="ecosystems_quickscancount_unique",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.factor or '-'}: {self.count}"


class QuestionFact(models.Model):
    """One question to a loket without the person: region, loket, profile, month, status, outcome and how soon
    the loket made contact. Kept when the question itself is purged or withdrawn (routekaart.demand writes
    it; `handoff` is then cleared), so the demand figures stay."""

    handoff = models.PositiveIntegerField(_("vraag"), null=True, unique=True, editable=False)
    month = models.DateField(_("maand"))  # the first day of the month the question came in
    region = models.ForeignKey(
        "catalog.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("regio")
    )
    loket = models.ForeignKey(
        "catalog.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("innovatieloket")
    )
    entrepreneur_type = models.CharField(_("type ondernemer"), max_length=1)
    factors = models.CharField(_("ontbrekende factoren"), max_length=100, blank=True)  # "kennis,netwerk"
    status = models.CharField(_("status"), max_length=20)
    outcome = models.CharField(_("uitkomst"), max_length=30, blank=True)
    contact_days = models.PositiveIntegerField(_("werkdagen tot eerste contact"), null=True)
    contact_in_time = models.BooleanField(_("op tijd contact"), null=True)

    class Meta:
        verbose_name = _("vraag zonder persoonsgegevens")
        verbose_name_plural = _("vragen zonder persoonsgegevens")
        indexes = [models.Index(fields=["month"])]

    def __str__(self):
        return f"{self.month:%m-%Y} {self.factors or '-'}"
