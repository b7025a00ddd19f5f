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
