"""Admin for the hand-off: loket staff see their own loket's questions only and change just the status."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import HandoffRequest, LoketStaff


def visible_handoffs(*, user, queryset=None):
    """The requests `user` may see: all for a superuser, else those of the loketten they are staff of."""
    queryset = HandoffRequest.objects.all() if queryset is None else queryset
    if user.is_superuser:
        return queryset
    return queryset.filter(loket__in=LoketStaff.objects.filter(user=user).values("organisation"))


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

    def has_add_permission(self, request):
        return False  # questions come from the public form only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("vraag"))
    def short_question(self, obj):
        return Truncator(obj.question).chars(80)


@admin.register(LoketStaff)
class LoketStaffAdmin(admin.ModelAdmin):
    """Who works for which loket: managed by superusers only."""

    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
