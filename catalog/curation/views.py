"""The curation pages beside the model admins, under /beheer/ (wired in catalog/curation/urls.py).

Preview: a draft as it will look on the public site, for the users who may edit it (roles.py). Public URLs
keep answering 404 for anything not published; this staff-only URL renders the same template with a
"Voorbeeld" banner. Related records on the page are the published ones, as visitors would see them.

Review dashboard: what the logged-in user should check (dashboard.py).

Revision: an editor's change to a published record as a diff, approved or rejected by its reviewer
(revisions.py); its author sees it read-only, anyone else gets 403.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from catalog import freshness, selectors
from catalog.models import Checklist, Instrument, Organisation, PendingRevision, PracticeExample

from . import dashboard, revisions, roles
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
    waiting = dashboard.waiting_revisions(request.user)
    overall = roles.is_provincial_admin(request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Te controleren"),
        "groups": dashboard.page_groups(groups),
        "group_labels": dashboard.GROUPS,
        "summary": dashboard.organisation_summary(groups) if overall else None,
        "review_after_months": freshness.review_after_months(),
        "total": sum(len(items) for items in groups.values()) + len(waiting),
        "review_counts": dashboard.counts_per_kind(groups["review"]),
        "waiting": waiting[: dashboard.SHOWN],
        "waiting_count": len(waiting),
        "waiting_counts": dashboard.counts_per_kind(waiting),
        "reviewer": roles.can_publish(request.user),
    }
    return TemplateResponse(request, "admin/catalog/review_dashboard.html", context)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))])
    note = forms.CharField(
        label=_("Toelichting voor de redacteur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen: de redacteur ziet dit in de lijst van zijn wijzigingen."),
    )
    overwrite = forms.BooleanField(
        label=_("Ik heb de verschillen gezien: goedkeuren overschrijft wat na het indienen is gewijzigd."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Schrijf waarom u de wijziging afwijst."))
        return cleaned


def revision(request, pk):
    """/beheer/wijzigingen/<pk>/: the diff, and approve or reject (wrapped in admin_view in the urls)."""
    found = revisions.visible(request.user, PendingRevision.objects.select_related("author", "decided_by"))
    item = found.filter(pk=pk).first()
    if item is None:
        raise PermissionDenied
    record = revisions.record_of(item)
    may_decide = revisions.may_decide(request.user, item, record)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and request.POST.get("decision") == "withdraw":
        revisions.withdraw(request.user, item.pk)  # PermissionDenied unless it is the author's, waiting
        messages.success(request, _("Uw wijziging is ingetrokken. U kunt het gegeven opnieuw wijzigen."))
        return HttpResponseRedirect(reverse("admin:catalog_pendingrevision_changelist"))
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            if form.cleaned_data["decision"] == "approve":
                try:
                    revisions.approve(
                        request.user,
                        item.pk,
                        overwrite=form.cleaned_data["overwrite"],
                        site_url=request.build_absolute_uri("/"),
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("De wijziging is goedgekeurd en staat nu op de website."))
                    return HttpResponseRedirect(reverse("review_dashboard"))
            else:
                revisions.reject(
                    request.user,
                    item.pk,
                    form.cleaned_data["note"].strip(),
                    site_url=request.build_absolute_uri("/"),
                )
                messages.success(request, _("De wijziging is afgewezen; de redacteur ziet uw toelichting."))
                return HttpResponseRedirect(reverse("review_dashboard"))
    model = item.content_type.model_class()
    rows = revisions.diff(item, record) if record is not None else []
    context = {
        **admin.site.each_context(request),
        "title": _("Wijziging van %(record)s") % {"record": item.record_name},
        "revision": item,
        "kind_label": model._meta.verbose_name,
        "record": record,
        "record_url": reverse(f"admin:catalog_{model._meta.model_name}_change", args=[item.object_id])
        if record is not None and roles.can_edit(request.user, record)
        else None,
        "rows": rows,
        "changed_since": [row[0] for row in rows if row[3] is not None],
        "may_decide": may_decide,
        "may_withdraw": revisions.may_withdraw(request.user, item),
        "form": form,
    }
    return TemplateResponse(request, "admin/catalog/revision.html", context)
