"""The public records: regions, organisations with their memberships, instruments, examples, the kennisbank
(knowledge offers and learning communities), checklists."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog import models
from catalog.curation.resources import (
    AmbassadorResource,
    InstrumentResource,
    KnowledgeOfferResource,
    LearningCommunityResource,
    OrganisationResource,
    PracticeExampleResource,
)
from catalog.regions import check_parents

from .base import PublicRecordAdmin, ScopedAdmin
from .curation import CatalogImportExportMixin


class RegionForm(forms.ModelForm):
    class Meta:
        model = models.Region
        fields = ["name", "slug", "scope", "parents", "publication_status", "last_reviewed", "internal_note"]

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
    autocomplete_fields = ["parents"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    fk_name = "collaboration"
    extra = 0
    autocomplete_fields = ["member", "sources"]
    verbose_name = _("deelnemer in deze samenwerking")
    verbose_name_plural = _("deelnemers in deze samenwerking")


@admin.register(models.Organisation)
class OrganisationAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "kind", "level", "collaboration_form", "publication_status", "last_reviewed"]
    list_filter = [
        "kind",
        "level",
        "collaboration_form",
        "publication_status",
        "factors",
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "slug", "description", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regions", "themes"]
    inlines = [MembershipInline]


@admin.register(models.Instrument)
class InstrumentAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [InstrumentResource]
    list_display = ["name", "kind", "provider", "status", "closes_on", "publication_status", "last_reviewed"]
    list_filter = [
        "publication_status",
        "status",
        "kind",
        "factors",
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["provider"]
    search_fields = ["name", "slug", "description", "provider__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["provider", "other_providers", "regions", "next_steps"]


@admin.register(models.PracticeExample)
class PracticeExampleAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [PracticeExampleResource]
    list_display = ["title", "collection", "region", "publication_status", "last_reviewed"]
    list_filter = [
        "publication_status",
        "collection",
        "factors",
        ("region", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["region"]
    search_fields = ["title", "slug", "summary", "what_they_did"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations", "partners", "instruments", "region", "other_regions", "themes"]


@admin.register(models.KnowledgeOffer)
class KnowledgeOfferAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [KnowledgeOfferResource]
    list_display = ["name", "provider", "form", "level", "publication_status", "last_reviewed"]
    list_filter = [
        "publication_status",
        "form",
        "level",
        "aim",
        "duration",
        "factors",
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["provider"]
    search_fields = ["name", "slug", "summary", "description", "provider__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["provider", "regions", "themes"]


@admin.register(models.LearningCommunity)
class LearningCommunityAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [LearningCommunityResource]
    list_display = ["name", "theme", "contact", "status", "publication_status", "last_reviewed"]
    list_filter = [
        "publication_status",
        "status",
        "factors",
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["contact"]
    search_fields = ["name", "slug", "theme", "summary", "description", "contact__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["contact", "participants", "regions", "themes"]


@admin.register(models.Ambassador)
class AmbassadorAdmin(CatalogImportExportMixin, PublicRecordAdmin):
    resource_classes = [AmbassadorResource]
    list_display = ["name", "company", "programme", "publication_status", "last_reviewed"]
    list_filter = [
        "publication_status",
        "factors",
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug", "role", "company", "programme", "summary", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation", "programme_example", "regions", "themes"]


@admin.register(models.Membership)
class MembershipAdmin(ScopedAdmin):
    """All memberships in one list; usually edited inline on the collaboration."""

    list_display = ["collaboration", "member", "role"]
    list_filter = ["role"]
    list_select_related = ["collaboration", "member"]
    search_fields = ["collaboration__name", "member__name"]
    autocomplete_fields = ["collaboration", "member", "sources"]


class ChecklistItemInline(admin.TabularInline):
    model = models.ChecklistItem
    extra = 1


@admin.register(models.Checklist)
class ChecklistAdmin(PublicRecordAdmin):
    list_display = ["title", "publication_status", "last_reviewed"]
    list_filter = ["publication_status", "factors"]
    search_fields = ["title", "slug", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ChecklistItemInline]
