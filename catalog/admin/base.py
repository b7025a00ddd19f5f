"""Base classes of the catalog's model admins: the per-record permission layer and the curation workflow."""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, URLField
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from catalog import history, models
from catalog.curation import revisions, roles, workflow
from catalog.curation.views import PREVIEWABLE

from .curation import CurationAdminMixin


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
    """Lists, opens, changes and deletes only the records the user may edit (catalog/curation/roles.py).

    Another user's record opened by URL gives 403, not the admin's "does not exist" redirect. Autocomplete
    searches see every published record (to pick a partner, say) and the user's own records in any status,
    never another's concept; the fields that decide ownership offer only the user's own.
    """

    class Media:
        js = ["js/admin-a11y.js"]
        css = {"all": ["css/admin-a11y.css"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _is_autocomplete(request):
            if not issubclass(self.model, models.PublicRecord):
                return queryset
            own = roles.editable(request.user, queryset).values("pk")
            return queryset.filter(Q(publication_status=models.PublicationStatus.PUBLISHED) | Q(pk__in=own))
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
        first = ("name", "title", "slug", "publication_status", "last_reviewed", "internal_note")
        first = [f for f in first if f in fields]
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

            def clean(self):
                cleaned = super().clean()
                if revisions.held(user, self.instance):
                    revisions.refuse_second(self.instance)
                return cleaned

        CurationForm.__name__ = base.__name__
        return CurationForm

    def save_model(self, request, obj, form, change):
        if change and revisions.held(request.user, obj):
            # Four eyes: the published version stays; the change waits for a curator.
            request.held_save = True
            request.pending_revision = revisions.submit(
                request.user, obj, form, site_url=request.build_absolute_uri("/")
            )
            return
        workflow.on_publish(obj)
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_save", False):  # the inlines were not saved
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not getattr(request, "held_save", False):  # a held change changed nothing yet
            return super().log_change(request, obj, message)
        return None  # noqa: RET501

    def response_change(self, request, obj):
        if not getattr(request, "held_save", False):
            return super().response_change(request, obj)
        revision = request.pending_revision
        if revision is None:
            self.message_user(request, _("U hebt niets gewijzigd."), messages.INFO)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _(
                "Uw wijziging wacht op controle door een curator. Tot die haar goedkeurt, blijft de "
                "gepubliceerde versie op de website staan."
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin_revision", args=[revision.pk]))

    def get_inline_instances(self, request, obj=None):
        """Inlines (sources, members) of a held record are read-only: a revision holds the form's fields."""
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and revisions.held(request.user, obj):
            for inline in inlines:
                inline.has_add_permission = lambda request, obj=None: False
                inline.has_change_permission = lambda request, obj=None: False
                inline.has_delete_permission = lambda request, obj=None: False
        return inlines

    def save_related(self, request, form, formsets, change):
        """One history entry per save, holding the relations (form fields and inlines) as they end up."""
        if getattr(request, "held_save", False):
            return
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
        obj = self.get_object(request, object_id) if str(object_id).isdigit() else None
        if obj is not None and revisions.held(request.user, obj):
            extra_context["four_eyes"] = True
            extra_context["waiting_revision"] = revisions.pending_for(obj)
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
