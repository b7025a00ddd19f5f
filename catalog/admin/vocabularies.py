"""Documents, sources and the fixed lists (phases, factors, types, sizes, themes, typologies)."""

from django.contrib import admin

from catalog import models

from .base import PublicRecordAdmin


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


@admin.register(models.SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Groups of words search treats as the same; our own vocabulary, not sourced facts."""

    list_display = ["key", "words"]
    search_fields = ["key", "words"]
