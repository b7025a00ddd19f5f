"""Curation in the change lists: freshness and link-check columns and filters, "checked today",
import and export."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from catalog import freshness
from catalog.curation.linkcheck import broken_link_q, has_broken_link
from catalog.curation.resources import may_import


class StaleListFilter(admin.SimpleListFilter):
    title = _("Verouderd")
    parameter_name = "verouderd"

    def lookups(self, request, model_admin):
        return [
            ("ja", _("Ja (ook nooit gecontroleerd)")),
            ("nooit", _("Nooit gecontroleerd")),
            ("nee", _("Nee")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(freshness.stale_q())
        if self.value() == "nooit":
            return queryset.filter(freshness.never_reviewed_q())
        if self.value() == "nee":
            return queryset.exclude(freshness.stale_q())
        return queryset


class BrokenLinkListFilter(admin.SimpleListFilter):
    title = _("Link werkt niet")
    parameter_name = "link_werkt_niet"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(broken_link_q(queryset.model))
        if self.value() == "nee":
            return queryset.exclude(broken_link_q(queryset.model))
        return queryset


class CurationAdminMixin:
    """Verouderd and link columns and filters, and the action "Gecontroleerd vandaag", for public records."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(_broken_link=has_broken_link(queryset.model))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "stale_mark", "broken_link_mark"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), StaleListFilter, BrokenLinkListFilter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["mark_reviewed_today"] = self.get_action("mark_reviewed_today")
        return actions

    @admin.display(description=_("verouderd"), boolean=True)
    def stale_mark(self, obj):
        return freshness.is_stale(obj)

    @admin.display(description=_("link werkt niet"), boolean=True)
    def broken_link_mark(self, obj):
        return getattr(obj, "_broken_link", False)

    @admin.action(description=_("Gecontroleerd vandaag"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        """`queryset` holds only records the user may edit: the admin's queryset is scoped by role."""
        today = timezone.localdate()
        changed = 0
        for record in queryset:  # one by one, so that history records who checked what
            record.last_reviewed = today
            record.save(update_fields=["last_reviewed", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d gegeven is gemarkeerd als vandaag gecontroleerd.",
                "%(count)d gegevens zijn gemarkeerd als vandaag gecontroleerd.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


class ExportForm(SelectableFieldsExportForm):
    """Label each column checkbox with the column's own (Dutch) name instead of the English attribute."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class CatalogImportExportMixin(ImportExportMixin):
    """Import/Export buttons for a model admin: CSV and XLSX, import for provincial administrators only."""

    formats = [CSV, XLSX]
    export_form_class = ExportForm

    def has_import_permission(self, request):
        return may_import(request.user) and self.has_change_permission(request)
