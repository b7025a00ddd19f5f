"""The catalog in /beheer/: one module per concern, registered on import."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import records, reports, revisions, users, vocabularies  # noqa: F401

admin.site.site_header = _("Valorisatieroutekaart: beheer")
admin.site.site_title = _("Beheer valorisatieroutekaart")
admin.site.index_title = _("Gegevens van de routekaart")
