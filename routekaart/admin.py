"""Admin for what visitors send: questions to a loket (a case: status, outcome, assignee, first contact and
notes; routekaart/cases.py has the rules), requests to join a
learning community and offers to share knowledge (read only). Each is seen only by whom it was sent to."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.curation import roles
from catalog.models import Organisation

from . import cases, matching, referrals
from .models import (
    HandoffNote,
    HandoffOutcome,
    HandoffRequest,
    HandoffStatus,
    JoinRequest,
    KnowledgeShare,
    Referral,
    ReferralState,
)
from .profile import Profile, for_the_loket, parse_profile


def visible_handoffs(*, user, queryset=None):
    """The requests `user` may see (catalog/curation/roles.py): those of their loket or region, and those
    referred to an organisation they work for (`referred_to_user`)."""
    queryset = HandoffRequest.objects.all() if queryset is None else queryset
    if roles.is_provincial_admin(user):
        return queryset
    return _sent_to_a_loket(user, queryset) | referred_to_user(user, queryset)


def referred_to_user(user, queryset):
    """The questions of `queryset` referred to an organisation `user` works for, from the moment of referral,
    while it is open or accepted and after the organisation closed it; not after it sent the question back
    (it did not take it on, so it keeps none of it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    received = Referral.objects.filter(
        to_organisation__in=roles.own_organisations(user),
        state__in=[ReferralState.OPEN, ReferralState.GEACCEPTEERD, ReferralState.AFGESLOTEN],
    )
    return queryset.filter(pk__in=received.values("handoff"))


def loket_side(user, queryset=None):
    """The questions `user` handles for a loket or region (not as a receiver of a referral)."""
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


def _once(request, key, compute):
    """`compute()` once per request: the admin asks the same permission many times while drawing a page."""
    memo = request.__dict__.setdefault("_routekaart_once", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("behandelaar")
    parameter_name = "behandelaar"

    def lookups(self, request, model_admin):
        return [("ik", _("Aan mij toegewezen")), ("niemand", _("Niet toegewezen"))]

    def queryset(self, request, queryset):
        if self.value() == "ik":
            return queryset.filter(assignee=request.user)
        if self.value() == "niemand":
            return queryset.filter(assignee__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("eerste contact")
    parameter_name = "te_laat"

    def lookups(self, request, model_admin):
        return [("ja", _("Te laat")), ("wacht", _("Wacht op eerste contact"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return cases.overdue(queryset)
        if self.value() == "wacht":
            return cases.waiting(queryset)
        return queryset


class HandoffNoteInline(admin.StackedInline):
    """Internal notes: added, never changed; who wrote them and when is kept. Whoever may change the question
    may add and read them (no separate rights)."""

    model = HandoffNote
    extra = 1
    fields = ["text", "written"]
    readonly_fields = ["written"]
    verbose_name = _("interne notitie")
    verbose_name_plural = _("interne notities (niet zichtbaar voor de ondernemer)")

    def get_readonly_fields(self, request, obj=None):
        return ["written"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["text"].widget.attrs.update({"rows": 3})
        return formset

    def has_view_permission(self, request, obj=None):
        # Shown only inside the question's page, and only to the loket's side (not to a referral's receiver).
        return obj is None or _once(
            request, ("loket side", obj.pk), lambda: loket_side(request.user).filter(pk=obj.pk).exists()
        )

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and self.has_view_permission(request, obj)
            and request.user.has_perm("routekaart.change_handoffrequest")
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("geschreven"))
    def written(self, note):
        if note.pk is None:
            return ""
        author = note.author.get_full_name() or note.author.get_username() if note.author else _("onbekend")
        return f"{author}, {formats.date_format(timezone.localtime(note.created_at), 'DATETIME_FORMAT')}"


class HandoffForm(forms.ModelForm):
    contact_now = forms.BooleanField(
        label=_("Eerste contact nu vastleggen"),
        required=False,
        help_text=_("Vink aan zodra u de ondernemer hebt gesproken of gemaild."),
    )

    refer_to = forms.ModelChoiceField(
        label=_("Doorverwijzen naar"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Een organisatie uit de catalogus met medewerkers op de routekaart."),
    )
    refer_note = forms.CharField(
        label=_("Toelichting voor die organisatie"),
        required=False,
        max_length=Referral.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen voor de medewerkers van die organisatie; de ondernemer ziet dit niet."),
    )
    reply = forms.ChoiceField(label=_("Uw antwoord"), required=False, choices=[])
    reply_outcome = forms.ChoiceField(
        label=_("Uitkomst (bij afsluiten)"),
        required=False,
        choices=[("", "---------"), *cases.RECEIVER_OUTCOMES],
    )
    reply_note = forms.CharField(
        label=_("Toelichting voor het loket"),
        required=False,
        max_length=Referral.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht als u de vraag terugstuurt. De ondernemer ziet dit niet."),
    )

    class Meta:
        model = HandoffRequest
        fields = ["status", "outcome", "referred_to", "assignee"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("refer_to") and not cleaned.get("refer_note", "").strip():
            self.add_error("refer_note", _("Schrijf een toelichting voor de organisatie."))
        if cleaned.get("refer_to") and cleaned.get("status", self.instance.status) != self.instance.status:
            self.add_error("refer_to", _("Verwijs door zonder tegelijk de status te wijzigen."))
        reply = cleaned.get("reply")
        if reply == ReferralState.TERUGGESTUURD and not cleaned.get("reply_note", "").strip():
            self.add_error("reply_note", _("Schrijf waarom u de vraag terugstuurt."))
        if reply == ReferralState.AFGESLOTEN and not cleaned.get("reply_outcome"):
            self.add_error("reply_outcome", _("Kies een uitkomst als u de vraag afsluit."))
        if "status" not in self.fields:
            return cleaned
        status, outcome = cleaned.get("status"), cleaned.get("outcome")
        if status != HandoffRequest.Status.AFGEROND:
            cleaned["outcome"], cleaned["referred_to"] = "", None
            self.instance.outcome, self.instance.referred_to = "", None
        elif outcome and outcome != HandoffOutcome.DOORVERWEZEN:
            cleaned["referred_to"] = self.instance.referred_to = None
        return cleaned


@admin.register(HandoffRequest)
class HandoffRequestAdmin(admin.ModelAdmin):
    form = HandoffForm
    # Fits beside the admin's menu and filters at 1280 px; the question itself is on the change page.
    list_display = ["received", "loket", "company", "status", "handler", "contact"]
    list_filter = ["status", AssignedToMeFilter, OverdueFilter, "loket"]
    list_select_related = ["loket", "assignee"]
    search_fields = ["company", "name", "email", "question"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["referred_to"]
    inlines = [HandoffNoteInline]
    fieldsets = [
        (
            _("Behandeling"),
            {
                "fields": [
                    "loket",
                    "status",
                    "outcome",
                    "referred_to",
                    "assignee",
                    "first_contact",
                    "contact_now",
                ]
            },
        ),
        (
            _("De ondernemer"),
            {
                "fields": [
                    "created_at",
                    "name",
                    "company",
                    "email_link",
                    "phone_link",
                    "question",
                    "additions_list",
                    "withdrawn",
                ]
            },
        ),
        (_("Het bedrijf volgens de quickscan"), {"fields": ["profile_in_words", "route_link"]}),
        (None, {"fields": ["suggestions"]}),
    ]
    readonly_fields = [
        "loket",
        "referral_consent_text",
        "holder",
        "chain",
        "first_contact",
        "created_at",
        "name",
        "company",
        "email_link",
        "phone_link",
        "question",
        "additions_list",
        "withdrawn",
        "profile_in_words",
        "route_link",
        "suggestions",
    ]

    class Media:
        css = {"all": ["css/admin-a11y.css"]}
        js = ["js/admin-a11y.js"]  # names the organisation autocomplete for screen readers

    def get_queryset(self, request):
        return visible_handoffs(user=request.user, queryset=super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Found in all requests, so that another loket's request is refused (403) rather than "not found".
        # The referral chain is loaded once for the page (cases.open_referral reads it).
        chain = Referral.objects.select_related(
            "from_organisation", "to_organisation", "created_by", "answered_by"
        )
        try:
            return HandoffRequest.objects.prefetch_related(Prefetch("referrals", queryset=chain)).get(
                pk=int(object_id)
            )
        except (ValueError, HandoffRequest.DoesNotExist):
            return None

    def _visible(self, request, obj):
        return obj is None or _once(
            request,
            ("visible", obj.pk),
            lambda: visible_handoffs(user=request.user).filter(pk=obj.pk).exists(),
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._visible(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._visible(request, obj)

    def has_add_permission(self, request):
        return False  # questions come from the public form only

    def has_delete_permission(self, request, obj=None):
        return roles.is_provincial_admin(request.user) and super().has_delete_permission(request, obj)

    def _case(self, request, obj):
        """(role on the loket side or None, the open referral or None, the states `request.user` may answer it
        with), once per request."""
        key = ("_handoff_case", obj.pk)
        if not hasattr(request, "_handoff_case") or request._handoff_case[0] != key:
            role = cases.role_on(request.user, obj)
            referral = cases.open_referral(obj)
            answers = cases.next_referral_states(request.user, referral) if referral else set()
            request._handoff_case = (key, (role, referral, answers))
        return request._handoff_case[1]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        role, referral, answers = self._case(request, obj)
        referral_fields = ["referral_consent_text", "holder", "chain"]
        if answers:
            referral_fields += ["reply", "reply_outcome", "reply_note"]
        if role is None:  # the receiving organisation: the question and the chain, nothing of the loket's
            return [
                (_("Doorverwijzing"), {"fields": ["loket", *referral_fields]}),
                (
                    _("De ondernemer"),
                    {"fields": ["created_at", "name", "company", "email_link", "phone_link", "question"]},
                ),
                (_("Het bedrijf volgens de quickscan"), {"fields": ["profile_in_words", "route_link"]}),
            ]
        referral_options = {"fields": referral_fields}
        reason = cases.why_not_refer(request.user, obj, role=role)
        if reason is None:
            referral_fields += ["refer_to", "refer_note"]
        elif referral is None or not answers:
            referral_options["description"] = reason  # the admin says why there is no referral form
        fieldsets = [*self.fieldsets[:1], (_("Doorverwijzing"), referral_options), *self.fieldsets[1:]]
        if obj.first_contact_at is not None:
            return [
                (title, {"fields": [f for f in options["fields"] if f != "contact_now"]})
                for title, options in fieldsets
            ]
        return fieldsets

    def get_inlines(self, request, obj):
        # The loket's internal notes are not for the organisation a question was referred to.
        if obj is not None and self._case(request, obj)[0] is None:
            return []
        return super().get_inlines(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        role, referral, answers = self._case(request, obj)
        fields = form.base_fields
        allowed = {obj.status, *cases.next_statuses(request.user, obj, role=role)}
        if referral is not None:
            allowed = {obj.status}  # another organisation has it: it answers first
        allowed.discard(HandoffStatus.DOORVERWEZEN)  # set by a referral only
        allowed.add(obj.status)
        if "status" in fields:
            fields["status"].choices = [(v, label) for v, label in HandoffStatus.choices if v in allowed]
        if "outcome" in fields:
            fields["outcome"].choices = [("", "---------")] + [
                (v, label)
                for v, label in HandoffOutcome.choices
                if v != HandoffOutcome.NIET_VASTGELEGD or obj.outcome == v
            ]
        if "assignee" in fields:
            fields["assignee"].queryset = cases.assignable_users(obj)
            fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        if "refer_to" in fields:
            fields["refer_to"].queryset = cases.referral_targets(obj)
        if "reply" in fields:
            fields["reply"].choices = [("", _("Nog niets"))] + [
                (v, REPLY_LABELS[v]) for v, _label in ReferralState.choices if v in answers
            ]
        return form

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("contact_now"):
            cases.record_first_contact(obj)
        super().save_model(request, obj, form, change)
        site_url = request.build_absolute_uri("/")
        data = form.cleaned_data
        try:
            if data.get("refer_to"):
                referrals.refer(
                    handoff=obj,
                    to_organisation=data["refer_to"],
                    note=data["refer_note"],
                    user=request.user,
                    site_url=site_url,
                )
            if data.get("reply"):
                referrals.answer(
                    referral=cases.open_referral(obj),
                    state=data["reply"],
                    user=request.user,
                    note=data.get("reply_note", ""),
                    outcome=data.get("reply_outcome", ""),
                    site_url=site_url,
                )
        except (PermissionDenied, ValidationError) as error:  # checked in the form already; a race
            raise PermissionDenied(str(error)) from error

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
            note.save()

    def response_change(self, request, obj):
        if not self._visible(request, obj):  # sent back: the receiving side no longer sees it
            self.message_user(request, _("De vraag is teruggestuurd naar het loket."))
            return HttpResponseRedirect(reverse("admin:routekaart_handoffrequest_changelist"))
        return super().response_change(request, obj)

    def changelist_view(self, request, extra_context=None):
        visible = loket_side(request.user, self.get_queryset(request))
        extra_context = {
            **(extra_context or {}),
            "share_met": cases.share_met(visible),
            "share_days": cases.SHARE_DAYS,
            "working_days": settings.HANDOFF_FIRST_CONTACT_WORKING_DAYS,
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("toestemming om door te sturen"))
    def referral_consent_text(self, obj):
        if obj.referral_consent:
            return _("Ja: de ondernemer vindt het goed dat de vraag naar een andere organisatie gaat.")
        return _("Nee: de ondernemer gaf geen toestemming. Deze vraag kan niet worden doorverwezen.")

    @admin.display(description=_("ligt nu bij"))
    def holder(self, obj):
        return str(cases.current_holder(obj))

    @admin.display(description=_("de keten"))
    def chain(self, obj):
        rows = obj.referrals.select_related(
            "from_organisation", "to_organisation", "created_by", "answered_by"
        )
        return render_to_string(
            "admin/routekaart/referral_chain.html", {"referrals": [_chain_row(r) for r in rows]}
        )

    @admin.display(description=_("ontvangen op"), ordering="created_at")
    def received(self, obj):
        return formats.date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("behandelaar"), ordering="assignee")
    def handler(self, obj):
        user = obj.assignee
        return (user.get_full_name() or user.get_username()) if user else "–"

    @admin.display(description=_("eerste contact"))
    def contact(self, obj):
        if obj.first_contact_at is not None:
            return formats.date_format(timezone.localtime(obj.first_contact_at), "SHORT_DATE_FORMAT")
        if obj.status == HandoffStatus.AFGEROND:
            return "–"
        due = cases.due_on(obj.created_at)
        if cases.is_overdue(obj):
            return format_html(
                "<strong>{}</strong>",
                _("te laat (uiterlijk %(day)s)") % {"day": formats.date_format(due, "SHORT_DATE_FORMAT")},
            )
        return _("uiterlijk %(day)s") % {"day": formats.date_format(due, "SHORT_DATE_FORMAT")}

    @admin.display(description=_("eerste contact"))
    def first_contact(self, obj):
        if obj.first_contact_at is not None:
            return formats.date_format(timezone.localtime(obj.first_contact_at), "DATETIME_FORMAT")
        due = formats.date_format(cases.due_on(obj.created_at), "DATE_FORMAT")
        if cases.is_overdue(obj):
            return _("Nog niet: te laat, het moest uiterlijk %(day)s.") % {"day": due}
        return _("Nog niet; uiterlijk %(day)s.") % {"day": due}

    @admin.display(description=_("e-mailadres"))
    def email_link(self, obj):
        if not obj.email:  # withdrawn: erased
            return "–"
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    @admin.display(description=_("telefoonnummer"))
    def phone_link(self, obj):
        if not obj.phone:
            return _("niet opgegeven")
        number = "".join(c for c in obj.phone if c.isdigit() or c == "+")
        return format_html('<a href="tel:{}">{}</a>', number, obj.phone)

    @admin.display(description=_("aanvullingen van de ondernemer"))
    def additions_list(self, obj):
        """What the entrepreneur added on their status page (routekaart/status.py), oldest first."""
        additions = list(obj.additions.all())
        if not additions:
            return _("geen")
        return render_to_string("admin/routekaart/handoff_additions.html", {"additions": additions})

    @admin.display(description=_("ingetrokken"))
    def withdrawn(self, obj):
        if obj.withdrawn_at is None:
            return _("nee")
        when = formats.date_format(timezone.localtime(obj.withdrawn_at), "DATETIME_FORMAT")
        return _("Ja, door de ondernemer op %(when)s; de persoonsgegevens zijn gewist.") % {"when": when}

    @admin.display(description=_("antwoorden"))
    def profile_in_words(self, obj):
        return render_to_string("admin/routekaart/handoff_profile.html", {"answers": _loket_answers(obj)})

    @admin.display(description=_("route"))
    def route_link(self, obj):
        return format_html(
            '<a href="{}?{}">{}</a>', reverse("route"), obj.profile, _("De route zoals de ondernemer die zag")
        )

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


REPLY_LABELS = {
    ReferralState.GEACCEPTEERD: _("Accepteren: wij nemen de vraag op ons"),
    ReferralState.TERUGGESTUURD: _("Terugsturen naar het loket"),
    ReferralState.AFGESLOTEN: _("Afsluiten met een uitkomst"),
}


def _person(user):
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.get_username()


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _chain_row(referral):
    return {
        "referral": referral,
        "by": _person(referral.created_by),
        "at": _when(referral.created_at),
        "answered_by": _person(referral.answered_by) if referral.answered_at else "",
        "answered_at": _when(referral.answered_at),
    }


def _loket_answers(handoff):
    """The stored quickscan answers in words; from the stored fields when the profile no longer parses (a
    region or sector since removed)."""
    parsed, _errors = parse_profile(QueryDict(handoff.profile))
    if parsed is not None:
        return for_the_loket(parsed)
    profile = Profile(
        handoff.region, handoff.entrepreneur_type, tuple(f for f in handoff.factors.split(", ") if f)
    )
    return for_the_loket(profile)


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
