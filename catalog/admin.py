from django import forms
from django.apps import apps
from django.contrib import admin
from django.db.models import URLField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import models
from .curation_admin import CurationAdminMixin
from .importing import CatalogImportExportMixin, InstrumentResource, OrganisationResource
from .regions import check_parents

admin.site.site_header = _("Valorisatieroutekaart: beheer")
admin.site.site_title = _("Beheer valorisatieroutekaart")
admin.site.index_title = _("Gegevens van de routekaart")


class PublicRecordAdmin(CurationAdminMixin, admin.ModelAdmin):
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    list_filter = ["publication_status"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["sources"]
    save_on_top = True


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "publisher", "published_on"]
    search_fields = ["title", "publisher", "file_name"]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = PublicRecordAdmin.formfield_overrides
    list_display = ["__str__", "document", "line_start", "line_end", "url"]
    list_filter = ["document"]
    search_fields = ["document__title", "url"]


@admin.register(models.Phase, models.FirmSize, models.Theme)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["sources"]


@admin.register(models.Factor)
class FactorAdmin(VocabularyAdmin):
    list_display = ["name", "slug", "phase"]


@admin.register(models.EntrepreneurType)
class EntrepreneurTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    autocomplete_fields = ["sources"]


class TypologyCategoryInline(admin.StackedInline):
    model = models.TypologyCategory
    extra = 0
    autocomplete_fields = ["sources"]
    filter_horizontal = ["entrepreneur_types"]


@admin.register(models.Typology)
class TypologyAdmin(VocabularyAdmin):
    inlines = [TypologyCategoryInline]


class RegionForm(forms.ModelForm):
    class Meta:
        model = models.Region
        fields = ["name", "slug", "scope", "parents", "publication_status", "last_reviewed", "sources"]

    def clean(self):
        cleaned = super().clean()
        scope, parents = cleaned.get("scope"), cleaned.get("parents")
        if scope and parents is not None:
            try:
                check_parents(scope, parents)
            except forms.ValidationError as error:
                self.add_error("parents", error)
        return cleaned


@admin.register(models.Region)
class RegionAdmin(PublicRecordAdmin):
    form = RegionForm
    list_display = ["name", "scope", "publication_status", "last_reviewed"]
    list_filter = ["scope", "publication_status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["parents"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fk_name = "collaboration"
    extra = 0
    autocomplete_fields = ["member", "sources"]


@admin.register(models.Organisation)
class OrganisationAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "kind", "level", "collaboration_form", "publication_status", "last_reviewed"]
    list_filter = ["kind", "level", "collaboration_form", "publication_status"]
    search_fields = ["name", "slug", "description", "place"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "factors", "entrepreneur_types", "themes"]
    inlines = [MembershipInline]


@admin.register(models.Instrument)
class InstrumentAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [InstrumentResource]
    list_display = ["name", "kind", "provider", "status", "closes_on", "publication_status", "last_reviewed"]
    list_filter = ["kind", "status", "factors", "publication_status"]
    search_fields = ["name", "slug", "description", "provider__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["provider", "sources", "next_steps"]
    filter_horizontal = ["regions", "factors", "phases", "entrepreneur_types", "firm_sizes"]


@admin.register(models.PracticeExample)
class PracticeExampleAdmin(PublicRecordAdmin):
    list_display = ["title", "collection", "region", "publication_status", "last_reviewed"]
    list_filter = ["collection", "factors", "publication_status"]
    search_fields = ["title", "slug", "summary", "what_they_did"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations", "partners", "instruments", "region", "sources"]
    filter_horizontal = ["themes", "factors", "entrepreneur_types"]


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


class ChecklistItemInline(admin.TabularInline):
    model = models.ChecklistItem
    extra = 1


@admin.register(models.Checklist)
class ChecklistAdmin(PublicRecordAdmin):
    list_display = ["title", "publication_status", "last_reviewed"]
    search_fields = ["title", "slug", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["factors"]
    inlines = [ChecklistItemInline]
