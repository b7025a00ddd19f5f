"""Admin pieces for freshness and link checks: columns, list filters, "checked today", the dashboard.

Kept out of catalog/admin.py so that the model admins only need `CurationAdminMixin` in their bases.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import dashboard, freshness, roles
from .linkcheck import broken_link_q, has_broken_link


class StaleListFilter(admin.SimpleListFilter):
    title = _("Verouderd")
    parameter_name = "verouderd"

    def lookups(self, request, model_admin):
        return [
            ("ja", _("Ja (ook nooit gecontroleerd)")),
            ("nooit", _("Nooit gecontroleerd")),
            ("nee", _("Nee")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(freshness.stale_q())
        if self.value() == "nooit":
            return queryset.filter(freshness.never_reviewed_q())
        if self.value() == "nee":
            return queryset.exclude(freshness.stale_q())
        return queryset


class BrokenLinkListFilter(admin.SimpleListFilter):
    title = _("Link werkt niet")
    parameter_name = "link_werkt_niet"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(broken_link_q(queryset.model))
        if self.value() == "nee":
            return queryset.exclude(broken_link_q(queryset.model))
        return queryset


class CurationAdminMixin:
    """Verouderd and link columns and filters, and the action "Gecontroleerd vandaag", for public records."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(_broken_link=has_broken_link(queryset.model))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "stale_mark", "broken_link_mark"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), StaleListFilter, BrokenLinkListFilter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["mark_reviewed_today"] = self.get_action("mark_reviewed_today")
        return actions

    @admin.display(description=_("verouderd"), boolean=True)
    def stale_mark(self, obj):
        return freshness.is_stale(obj)

    @admin.display(description=_("link werkt niet"), boolean=True)
    def broken_link_mark(self, obj):
        return getattr(obj, "_broken_link", False)

    @admin.action(description=_("Gecontroleerd vandaag"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        """`queryset` holds only records the user may edit: the admin's queryset is scoped by role."""
        today = timezone.localdate()
        changed = 0
        for record in queryset:  # one by one, so that history records who checked what
            record.last_reviewed = today
            record.save(update_fields=["last_reviewed", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d gegeven is gemarkeerd als vandaag gecontroleerd.",
                "%(count)d gegevens zijn gemarkeerd als vandaag gecontroleerd.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


def review_dashboard(request):
    """/beheer/te-controleren/: what the logged-in user should review (wrapped in admin_view in the urls)."""
    groups = dashboard.review_items(request.user)
    overall = roles.is_provincial_admin(request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Te controleren"),
        "groups": [
            (
                key,
                label,
                groups[key][: dashboard.SHOWN],
                len(groups[key]),
                dashboard.more_links(key, groups[key]),
            )
            for key, label in dashboard.GROUPS
        ],
        "group_labels": dashboard.GROUPS,
        "summary": dashboard.organisation_summary(groups) if overall else None,
        "review_after_months": freshness.review_after_months(),
        "total": sum(len(items) for items in groups.values()),
    }
    return TemplateResponse(request, "admin/catalog/review_dashboard.html", context)
