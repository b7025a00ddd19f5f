"""Admin for what visitors send: questions to a loket (editors change just the status), requests to join a
learning community and offers to share knowledge (read only). Each is seen only by whom it was sent to."""

from django.contrib import admin
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalog.curation import roles
from catalog.models import Organisation

from . import matching
from .models import HandoffRequest, JoinRequest, KnowledgeShare


def visible_handoffs(*, user, queryset=None):
    """The requests `user` may see (catalog/curation/roles.py)."""
    return _sent_to_a_loket(user, HandoffRequest.objects.all() if queryset is None else queryset)


def _sent_to_a_loket(user, queryset):
    """The records of `queryset` (with a loket and a region) that `user` may see: a provincial administrator
    all of them; a loket editor those of the loketten they work for; a regional curator those of loketten or
    firms within their regions."""
    if roles.is_provincial_admin(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    within = roles.regions_within(user)
    loketten_within = Organisation.regions.through.objects.filter(region__in=within).values("organisation_id")
    return queryset.filter(
        Q(loket__in=roles.own_organisations(user)) | Q(loket__in=loketten_within) | Q(region__in=within)
    )


@admin.register(HandoffRequest)
class HandoffRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "loket", "company", "name", "short_question", "status"]
    list_filter = ["status", "loket"]
    list_select_related = ["loket"]
    search_fields = ["company", "name", "email", "question"]
    date_hierarchy = "created_at"
    fields = [
        "loket",
        "status",
        "created_at",
        "name",
        "company",
        "email",
        "phone",
        "question",
        "region",
        "entrepreneur_type",
        "factors",
        "profile",
        "consent",
        "suggestions",
    ]
    readonly_fields = [field for field in fields if field != "status"]

    class Media:
        css = {"all": ["css/admin-a11y.css"]}

    def get_queryset(self, request):
        return visible_handoffs(user=request.user, queryset=super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Found in all requests, so that another loket's request is refused (403) rather than "not found".
        try:
            return HandoffRequest.objects.get(pk=int(object_id))
        except (ValueError, HandoffRequest.DoesNotExist):
            return None

    def _visible(self, request, obj):
        return obj is None or visible_handoffs(user=request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._visible(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._visible(request, obj)

    def has_add_permission(self, request):
        return False  # questions come from the public form only

    def has_delete_permission(self, request, obj=None):
        return roles.is_provincial_admin(request.user) and super().has_delete_permission(request, obj)

    @admin.display(description=_("vraag"))
    def short_question(self, obj):
        return Truncator(obj.question).chars(80)

    @admin.display(description=_("Suggesties voor dit loket"))
    def suggestions(self, obj):
        """What to send the entrepreneur: routekaart.matching, with links to the public and admin pages."""
        found = matching.suggestions(obj)
        groups = [
            {
                "title": group.title,
                "by_words": group.by_words,
                "items": [_suggestion_item(s) for s in group.suggestions],
            }
            for group in found.groups
        ]
        context = {"groups": groups}
        return render_to_string("admin/routekaart/handoff_suggestions.html", context)


def _suggestion_item(suggestion):
    record = suggestion.record
    meta = record._meta
    return {
        "name": str(record),
        "url": reverse(f"catalog:{meta.model_name}_detail", kwargs={"slug": record.slug}),
        "admin_url": reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]),
        "reasons": suggestion.reasons,
    }


def visible_join_requests(*, user, queryset=None):
    """The join requests `user` may see: all for a provincial administrator; those of communities whose
    contact organisation the user works for; a regional curator those of communities in their regions."""
    queryset = JoinRequest.objects.all() if queryset is None else queryset
    if roles.is_provincial_admin(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    within = roles.regions_within(user)
    return queryset.filter(
        Q(community__contact__in=roles.own_organisations(user)) | Q(community__regions__in=within)
    ).distinct()


def visible_shares(*, user, queryset=None):
    return _sent_to_a_loket(user, KnowledgeShare.objects.all() if queryset is None else queryset)


class _SubmissionAdmin(admin.ModelAdmin):
    """Read only: the organisation reads what a visitor sent and answers by e-mail. `visible(user=...)`
    decides who sees which."""

    visible = None
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return type(self).visible(user=request.user, queryset=super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Found in all records, so that another organisation's record is refused (403), not "not found".
        try:
            return self.model.objects.get(pk=int(object_id))
        except (ValueError, self.model.DoesNotExist):
            return None

    def _visible(self, request, obj):
        return obj is None or type(self).visible(user=request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._visible(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False  # they come from the public forms only

    def has_delete_permission(self, request, obj=None):
        return roles.is_provincial_admin(request.user) and super().has_delete_permission(request, obj)


@admin.register(JoinRequest)
class JoinRequestAdmin(_SubmissionAdmin):
    visible = staticmethod(visible_join_requests)
    list_display = ["created_at", "community", "organisation_name", "name"]
    list_filter = ["community"]
    list_select_related = ["community"]
    search_fields = ["organisation_name", "name", "email", "message"]
    fields = ["community", "created_at", "name", "organisation_name", "email", "message", "consent"]


@admin.register(KnowledgeShare)
class KnowledgeShareAdmin(_SubmissionAdmin):
    """An offer to share knowledge: the loket's editors decide whether to make a knowledge offer of it."""

    visible = staticmethod(visible_shares)
    list_display = ["created_at", "loket", "organisation_name", "form", "ambassador"]
    list_filter = ["loket", "form", "ambassador"]
    list_select_related = ["loket"]
    search_fields = ["organisation_name", "name", "email", "offer"]
    fields = [
        "loket",
        "region",
        "created_at",
        "name",
        "organisation_name",
        "email",
        "form",
        "offer",
        "ambassador",
        "consent",
    ]
