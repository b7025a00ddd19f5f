"""Admin for the hand-off: loket editors see their own loket's questions only and change just the status."""

from django.contrib import admin
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalog.curation import roles
from catalog.models import Organisation

from .models import HandoffRequest, JoinRequest


def visible_handoffs(*, user, queryset=None):
    """The requests `user` may see (catalog/curation/roles.py).

    A provincial administrator sees all of them; a loket editor those of the loketten they work for; a
    regional curator those of loketten or firms within their regions.
    """
    queryset = HandoffRequest.objects.all() if queryset is None else queryset
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
    ]
    readonly_fields = [field for field in fields if field != "status"]

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


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Read only: the contact organisation reads the request and answers by e-mail."""

    list_display = ["created_at", "community", "organisation_name", "name"]
    list_filter = ["community"]
    list_select_related = ["community"]
    search_fields = ["organisation_name", "name", "email", "message"]
    date_hierarchy = "created_at"
    fields = ["community", "created_at", "name", "organisation_name", "email", "message", "consent"]
    readonly_fields = fields

    def get_queryset(self, request):
        return visible_join_requests(user=request.user, queryset=super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Found in all requests, so that another organisation's request is refused (403), not "not found".
        try:
            return JoinRequest.objects.get(pk=int(object_id))
        except (ValueError, JoinRequest.DoesNotExist):
            return None

    def _visible(self, request, obj):
        return obj is None or visible_join_requests(user=request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._visible(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False  # requests come from the public form only

    def has_delete_permission(self, request, obj=None):
        return roles.is_provincial_admin(request.user) and super().has_delete_permission(request, obj)
