"""Curation in the change lists: freshness and link-check columns and filters, "checked today",
import and export."""

import os

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from catalog import freshness
from catalog.curation.import_limits import BoundedImportForm, ImportUploadStorage
from catalog.curation.linkcheck import broken_link_q, has_broken_link
from catalog.curation.resources import file_errors, may_import


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


class ExcelCSV(CSV):
    """CSV as Dutch Excel opens it: columns separated by `;` (Excel's list separator where the decimal sign is
    a comma) and, through `to_encoding`, UTF-8 with a byte order mark. An import reads `;` or `,`."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(dataset, delimiter=";", **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        header = in_stream.lstrip("\ufeff").partition("\n")[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        return super().create_dataset(in_stream.lstrip("\ufeff"), delimiter=delimiter, **kwargs)


class CatalogImportExportMixin(ImportExportMixin):
    """Import/Export buttons for a model admin: CSV for Dutch Excel and XLSX, import for provincial
    administrators only."""

    formats = [ExcelCSV, XLSX]
    to_encoding = "utf-8-sig"  # the byte order mark tells Excel the file is UTF-8
    export_form_class = ExportForm
    import_form_class = BoundedImportForm  # size, rows and cells checked before parsing
    tmp_storage_class = ImportUploadStorage
    import_template_name = "admin/catalog/import.html"

    def import_action(self, request, **kwargs):
        """The dry run; an upload that cannot be confirmed (errors) is removed at once."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        result = context.get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            context["file_errors"] = file_errors(result, self.choose_import_resource_class(form, request))
        upload = form.cleaned_data.get("import_file") if form is not None and form.is_bound else None
        name = getattr(upload, "tmp_storage_name", None)
        if name and "confirm_form" not in context:
            ImportUploadStorage(name=name).remove()
        return response

    def process_import(self, request, **kwargs):
        """Confirming an upload that is no longer kept (removed after an hour) asks for it again."""
        name = request.POST.get("import_file_name", "")
        if request.method == "POST" and not ImportUploadStorage(name=os.path.basename(name)).exists():
            messages.error(
                request, _("Het bestand van deze import is niet meer bewaard. Upload het opnieuw.")
            )
            info = self.opts.app_label, self.opts.model_name
            return redirect(f"admin:{info[0]}_{info[1]}_import")
        return super().process_import(request, **kwargs)

    def has_import_permission(self, request):
        return may_import(request.user) and self.has_change_permission(request)
