"""The curation pages beside the model admins, under /beheer/ (wired in catalog/curation/urls.py).

Preview: a draft as it will look on the public site, for the users who may edit it (roles.py). Public URLs
keep answering 404 for anything not published; this staff-only URL renders the same template with a
"Voorbeeld" banner. Related records on the page are the published ones, as visitors would see them.

Review dashboard: what the logged-in user should check (dashboard.py).
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from catalog import freshness, selectors
from catalog.models import Checklist, Instrument, Organisation, PracticeExample

from . import dashboard, roles
from .roles import editable

# model name: (model, selector, template, context name)
PREVIEWABLE = {
    "instrument": (
        Instrument,
        selectors.instruments_for_detail,
        "catalog/instrument_detail.html",
        "instrument",
    ),
    "organisation": (
        Organisation,
        selectors.organisations_for_detail,
        "catalog/organisation_detail.html",
        "organisation",
    ),
    "practiceexample": (
        PracticeExample,
        selectors.practice_examples_for_detail,
        "catalog/practiceexample_detail.html",
        "example",
    ),
    "checklist": (Checklist, selectors.checklists_for_detail, "catalog/checklist_detail.html", "checklist"),
}


@never_cache
@staff_member_required(login_url="admin:login")
def preview(request, model_name, pk):
    if model_name not in PREVIEWABLE:
        raise Http404
    model, selector, template, name = PREVIEWABLE[model_name]
    record = get_object_or_404(selector(editable(request.user, model.objects.all())), pk=pk)
    context = {
        name: record,
        "preview": record,
        "preview_admin_url": reverse(f"admin:catalog_{model_name}_change", args=[record.pk]),
    }
    response = render(request, template, context)
    response["X-Robots-Tag"] = "noindex"
    return response


def review_dashboard(request):
    """/beheer/te-controleren/: what the logged-in user should review (wrapped in admin_view in the urls)."""
    groups = dashboard.review_items(request.user)
    overall = roles.is_provincial_admin(request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Te controleren"),
        "groups": dashboard.page_groups(groups),
        "group_labels": dashboard.GROUPS,
        "summary": dashboard.organisation_summary(groups) if overall else None,
        "review_after_months": freshness.review_after_months(),
        "total": sum(len(items) for items in groups.values()),
    }
    return TemplateResponse(request, "admin/catalog/review_dashboard.html", context)
