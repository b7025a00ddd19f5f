from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import CoverageSnapshot
from .services import take_snapshot


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are taken, never edited: the list has a button "Nu een momentopname maken"."""

    change_list_template = "admin/ecosystems/coveragesnapshot/change_list.html"
    list_display = ["created_at", "taken_by", "note", "cells"]
    readonly_fields = ["created_at", "taken_by", "cells"]
    fields = ["created_at", "taken_by", "note", "cells"]
    date_hierarchy = "created_at"

    def get_urls(self):
        take = self.admin_site.admin_view(self.take_view)
        return [path("nu/", take, name="ecosystems_coveragesnapshot_take"), *super().get_urls()]

    def take_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.can_take(request):
            raise PermissionDenied
        snapshot = take_snapshot(taken_by=request.user, note=request.POST.get("note", "")[:200])
        self.message_user(
            request,
            format_html(
                _('Momentopname gemaakt. <a href="{}">Bekijk de dekking</a> met de veranderingen sinds nu.'),
                reverse("ecosystems:coverage"),
            ),
            messages.SUCCESS,
        )
        self.log_addition(request, snapshot, [{"added": {}}])
        return HttpResponseRedirect(reverse("admin:ecosystems_coveragesnapshot_changelist"))

    def can_take(self, request):
        return request.user.has_perm("ecosystems.add_coveragesnapshot")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_take_snapshot": self.can_take(request)}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False  # the data of a snapshot is computed, not typed in: the button on the list takes one

    def has_change_permission(self, request, obj=None):
        return False  # only the note could change, and a snapshot is a record of a moment

    @admin.display(description=_("cellen"))
    def cells(self, obj):
        return sum(len(columns) for rows in obj.data.values() for columns in rows.values())
