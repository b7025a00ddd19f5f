"""Reports of outdated information from visitors (docs/reports.md)."""

from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalog import models
from catalog.curation import roles


@admin.register(models.OutdatedReport)
class OutdatedReportAdmin(admin.ModelAdmin):
    """Reports from visitors. Curators change the status; what the visitor wrote stays as it was."""

    list_display = ["created_at", "record_kind", "record_slug", "short_message", "has_email", "status"]
    list_filter = ["status", "record_kind"]
    list_editable = ["status"]
    search_fields = ["record_slug", "message"]
    date_hierarchy = "created_at"
    fields = ["record_kind", "record_slug", "record_link", "message", "email", "status", "created_at"]
    readonly_fields = ["record_link", "created_at"]

    def get_queryset(self, request):
        """Reports about the records the user may edit (catalog/roles.py); all for a provincial admin."""
        queryset = super().get_queryset(request)
        if roles.is_provincial_admin(request.user):
            return queryset
        condition = Q(pk__in=[])
        for kind in models.RecordKind.values:
            records = roles.editable(request.user, apps.get_model("catalog", kind)._default_manager.all())
            condition |= Q(record_kind=kind, record_slug__in=records.values("slug"))
        return queryset.filter(condition)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self.get_queryset(request).exists()

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # a report taken down by hand, e.g. from a phone call
            return self.readonly_fields
        return [*self.readonly_fields, "record_kind", "record_slug", "message", "email"]

    @admin.display(description=_("bericht"))
    def short_message(self, obj):
        return Truncator(obj.message).chars(80)

    @admin.display(description=_("e-mailadres"), boolean=True)
    def has_email(self, obj):
        return bool(obj.email)

    @admin.display(description=_("gegeven"))
    def record_link(self, obj):
        model = apps.get_model("catalog", obj.record_kind) if obj.record_kind else None
        record = model.objects.filter(slug=obj.record_slug).first() if model else None
        if record is None:
            return _("Niet (meer) gevonden")
        url = reverse(f"admin:catalog_{obj.record_kind}_change", args=[record.pk])
        return format_html('<a href="{}">{}</a> ({})', url, record, record.get_publication_status_display())
