"""Users with their roles (docs/curation.md)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from catalog import models


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

    class Media:
        js = ["js/admin-a11y.js"]  # the CSS comes with every admin page (templates/admin/base_site.html)

    list_filter = [*UserAdmin.list_filter, "organisation_roles__organisation"]

    def get_readonly_fields(self, request, obj=None):
        # When someone last logged in and joined is what the site recorded, not something to type.
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
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
