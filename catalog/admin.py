from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, URLField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import history, models, roles, workflow
from .curation_admin import CurationAdminMixin
from .importing import CatalogImportExportMixin, InstrumentResource, OrganisationResource
from .preview import PREVIEWABLE
from .regions import check_parents

admin.site.site_header = _("Valorisatieroutekaart: beheer")
admin.site.site_title = _("Beheer valorisatieroutekaart")
admin.site.index_title = _("Gegevens van de routekaart")


def _is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def _limit_choices(form, user):
    """Limit the relations that decide whose record it is (roles.choice_queryset); current values stay."""
    model, instance = form._meta.model, form.instance
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        limited = roles.choice_queryset(user, model, name, queryset)
        if limited is queryset:
            continue
        current = []
        if instance.pk is not None:
            model_field = model._meta.get_field(name)
            current = (
                getattr(instance, name).values("pk")
                if model_field.many_to_many
                else [getattr(instance, model_field.attname)]
            )
        field.queryset = queryset.filter(Q(pk__in=limited.values("pk")) | Q(pk__in=current))


class ScopedAdmin(SimpleHistoryAdmin):
    """Lists, opens, changes and deletes only the records the user may edit (catalog/roles.py).

    Another user's record opened by URL gives 403, not the admin's "does not exist" redirect. Autocomplete
    searches see every record (to pick a partner, say), except for the fields that decide ownership.
    """

    class Media:
        js = ["js/admin-a11y.js"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_autocomplete(request):
            return queryset
        return roles.editable(request.user, queryset)

    def get_search_results(self, request, queryset, search_term):
        if _is_autocomplete(request):
            try:
                source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
                queryset = roles.choice_queryset(request.user, source, request.GET["field_name"], queryset)
            except (KeyError, LookupError):
                pass  # Django's autocomplete view answers such a request with 403
        return super().get_search_results(request, queryset, search_term)

    def get_object(self, request, object_id, from_field=None):
        queryset = self.model._default_manager.all()
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or roles.can_edit(request.user, obj)
        )

    def has_module_permission(self, request):
        """Left out of the menu when the user may edit none of these (regions for a loket editor, say)."""
        return super().has_module_permission(request) and (
            roles.is_provincial_admin(request.user)
            or roles.editable(request.user, self.model._default_manager.all()).exists()
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or roles.can_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or roles.can_edit(request.user, obj)
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a revert after checking view permission only: require change.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        request.history_version = self.model.history.filter(pk=version_id).first()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On a revert page the relations start as the old version had them (the library shows today's)."""
        base = super().get_form(request, obj, change, **kwargs)
        version = getattr(request, "history_version", None)
        if version is None:
            return base
        initial = {
            name: values for name, values in history.relations(version).items() if name in base.base_fields
        }

        class VersionForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(initial)

        VersionForm.__name__ = base.__name__
        return VersionForm


class PublicRecordAdmin(CurationAdminMixin, ScopedAdmin):
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    list_filter = ["publication_status"]
    readonly_fields = ["created_at", "updated_at"]
    exclude = ["sources"]
    save_on_top = True
    change_form_template = "admin/catalog/curation_change_form.html"
    actions = ["submit_for_review", "back_to_concept", "publish", "archive"]

    # Short vocabularies (four factors, four types, ...) as checkboxes; long lists use autocomplete.
    checkbox_fields = ["factors", "phases", "entrepreneur_types", "firm_sizes"]

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), sources_inline(self.model)]

    def get_fields(self, request, obj=None):
        """Name first, then where the record stands in the workflow, then the rest."""
        fields = list(super().get_fields(request, obj))
        first = [f for f in ("name", "title", "slug", "publication_status", "last_reviewed") if f in fields]
        return first + [f for f in fields if f not in first]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class CurationForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                _limit_choices(self, user)
                status = self.fields.get("publication_status")
                if status is not None:
                    allowed = workflow.allowed_statuses(user, self.instance)
                    status.choices = [(value, models.PublicationStatus(value).label) for value in allowed]
                    status.help_text = _(
                        "Concept en ter review zijn niet openbaar. Loketredacteuren dienen in voor review; "
                        "een curator publiceert."
                    )

            def clean_publication_status(self):
                value = self.cleaned_data["publication_status"]
                workflow.check_transition(user, self.instance, value)
                return value

        CurationForm.__name__ = base.__name__
        return CurationForm

    def save_model(self, request, obj, form, change):
        workflow.on_publish(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """One history entry per save, holding the relations (form fields and inlines) as they end up."""
        record = form.instance
        record.skip_history_when_saving = True  # no extra entry per changed relation
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del record.skip_history_when_saving
        if history.has_history(type(record)):
            history.complete_latest(record)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if self.model._meta.model_name in PREVIEWABLE and str(object_id).isdigit():
            extra_context["preview_url"] = reverse(
                "admin_preview", args=[self.model._meta.model_name, object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not roles.can_publish(request.user):
            actions.pop("publish", None)
            actions.pop("archive", None)
        return actions

    def _move(self, request, queryset, status):
        moved, refused = 0, []
        for record in queryset:
            try:
                workflow.transition(request.user, record, status)
                moved += 1
            except ValidationError:
                refused.append(str(record))
        label = models.PublicationStatus(status).label
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d gegeven staat nu op ‘%(status)s’.",
                    "%(count)d gegevens staan nu op ‘%(status)s’.",
                    moved,
                )
                % {"count": moved, "status": label},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Niet veranderd, want deze stap mag hier niet: %(records)s.")
                % {"records": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Indienen voor review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(request, queryset, models.PublicationStatus.REVIEW)

    @admin.action(description=_("Terug naar concept"), permissions=["change"])
    def back_to_concept(self, request, queryset):
        self._move(request, queryset, models.PublicationStatus.CONCEPT)

    @admin.action(description=_("Publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        self._move(request, queryset, models.PublicationStatus.PUBLISHED)

    @admin.action(description=_("Archiveren"), permissions=["change"])
    def archive(self, request, queryset):
        self._move(request, queryset, models.PublicationStatus.ARCHIVED)


_SOURCE_INLINES = {}


class _SourceInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("bron")
    verbose_name_plural = _("bronnen")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["label"] = _("bron")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def sources_inline(model):
    """An inline of the record's citations (the through model of `sources`), one row per source."""
    if model not in _SOURCE_INLINES:
        through = model.sources.through
        through.__str__ = lambda row: str(row.source)  # the auto-created model would say "… object (36)"
        _SOURCE_INLINES[model] = type(f"{model.__name__}SourceInline", (_SourceInline,), {"model": through})
    return _SOURCE_INLINES[model]


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
        fields = ["name", "slug", "scope", "parents", "publication_status", "last_reviewed"]

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
    autocomplete_fields = ["provider", "regions", "next_steps"]


@admin.register(models.PracticeExample)
class PracticeExampleAdmin(PublicRecordAdmin):
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
    autocomplete_fields = ["organisations", "partners", "instruments", "region", "themes"]


@admin.register(models.Membership)
class MembershipAdmin(ScopedAdmin):
    """All memberships in one list; usually edited inline on the collaboration."""

    list_display = ["collaboration", "member", "role"]
    list_filter = ["role"]
    list_select_related = ["collaboration", "member"]
    search_fields = ["collaboration__name", "member__name"]
    autocomplete_fields = ["collaboration", "member", "sources"]


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


# --- Users and their roles (docs/curation.md) -------------------------------------------------------------


class OrganisationEditorInline(admin.TabularInline):
    model = models.OrganisationEditor
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name = _("werkt voor (loketredacteur: bewerkt deze organisatie en krijgt haar vragen)")
    verbose_name_plural = _("werkt voor (loketredacteur: bewerkt deze organisaties en krijgt hun vragen)")


class EditorAssignmentInline(admin.TabularInline):
    model = models.EditorAssignment
    extra = 0
    autocomplete_fields = ["organisation", "instrument"]
    verbose_name_plural = _("ook toegewezen (loketredacteur)")


class CuratorRegionInline(admin.TabularInline):
    model = models.CuratorRegion
    extra = 0
    autocomplete_fields = ["region"]
    verbose_name_plural = _("regio's (regionale curator)")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(UserAdmin):
    """Users with their roles. Only a superuser makes superusers or hands out single permissions."""

    inlines = [OrganisationEditorInline, EditorAssignmentInline, CuratorRegionInline]
    list_filter = [*UserAdmin.list_filter, "organisation_roles__organisation"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_object(self, request, object_id, from_field=None):
        # Found among all users, so that a superuser's page is refused (403) rather than "not found".
        try:
            return User._default_manager.get(pk=int(object_id))
        except (ValueError, User.DoesNotExist):
            return None

    def _touchable(self, request, obj):
        """A provincial administrator cannot change a superuser (nor their password): no way up."""
        return obj is None or request.user.is_superuser or not obj.is_superuser

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._touchable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._touchable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._touchable(request, obj)
