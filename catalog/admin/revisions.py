"""Changes to published records that wait for review (four eyes; catalog/curation/revisions.py).

The list shows an editor their own submissions (waiting, approved, rejected with the curator's note) and a
reviewer the changes to the records they review. A row opens the diff page (/beheer/wijzigingen/<pk>/), where
a reviewer approves or rejects; nothing is added, changed or deleted here.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog import models
from catalog.curation import revisions, roles


@admin.register(models.PendingRevision)
class PendingRevisionAdmin(admin.ModelAdmin):
    list_display = ["record_link", "kind", "author", "created_at", "state", "note"]
    list_display_links = None
    list_filter = ["state"]
    list_select_related = ["author", "content_type"]
    search_fields = ["record_name"]

    def get_queryset(self, request):
        return revisions.visible(request.user, super().get_queryset(request))

    def _has_role(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or bool(roles.role_names(user)))

    def has_module_permission(self, request):
        return self._has_role(request)

    def has_view_permission(self, request, obj=None):
        return self._has_role(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin_revision", args=[object_id]))

    @admin.display(description=_("gegeven"), ordering="record_name")
    def record_link(self, revision):
        return format_html('<a href="{}">{}</a>', reverse("admin_revision", args=[revision.pk]), revision)

    @admin.display(description=_("soort"))
    def kind(self, revision):
        return revision.content_type.model_class()._meta.verbose_name
