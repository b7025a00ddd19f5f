"""Filters for the public lists. Several values of one filter combine as OR, different filters as AND.

The parameter names are the same on every list: factor, regio, type, soort, niveau, status, thema, q, sorteer.
"""

import django_filters
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .models import (
    Ambassador,
    CommunityStatus,
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    InstrumentStatus,
    KnowledgeForm,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    OfferAim,
    OfferDuration,
    OfferLevel,
    Organisation,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
    Theme,
)
from .regions import in_area

ARCHIVED = "gearchiveerd"


def filter_regions(request=None):
    return Region.objects.published().exclude(scope__in=[Scope.EUROPA, Scope.LAND]).order_by("name")


class PortalFilterSet(django_filters.FilterSet):
    factor = django_filters.ModelMultipleChoiceFilter(
        label=_("Innovatiefactor"),
        field_name="factors__slug",
        to_field_name="slug",
        queryset=Factor.objects.all(),
    )
    type = django_filters.ModelMultipleChoiceFilter(
        label=_("Type ondernemer"),
        field_name="entrepreneur_types__code",
        to_field_name="code",
        queryset=EntrepreneurType.objects.all(),
    )
    regio = django_filters.ModelMultipleChoiceFilter(
        label=_("Regio"), to_field_name="slug", queryset=filter_regions, method="filter_regio"
    )
    q = django_filters.CharFilter(label=_("Zoekwoord"), method="filter_q", max_length=200)

    text_fields = ("name", "description")
    # facet name -> the field path (or expression, or a tuple of paths whose values together count) whose
    # values are counted per option
    facets = {"factor": "factors__slug", "type": "entrepreneur_types__code"}
    facet_everything = {}
    chosen_only = ()  # filters shown in the form only with the values chosen, without counts
    unchosen = {}  # filter -> what it keeps when nothing is chosen (a function of the queryset)

    def filter_regio(self, queryset, name, regions):
        return queryset.serving(*regions) if regions else queryset

    def filter_q(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(
                *(Q(**{f"{field}__icontains": word}) for field in self.text_fields), _connector=Q.OR
            )
        return queryset.filter(condition)


def _area_filter():
    """`gebied`: records offered in the region or in a place inside it (catalog.regions.in_area): the set
    the dekkingskaart counts, so each of its numbers opens a list of that length."""
    return django_filters.ModelMultipleChoiceFilter(
        label=_("Aanbod in of binnen"), to_field_name="slug", queryset=filter_regions, method="filter_gebied"
    )


def filter_gebied(queryset, name, regions):
    return in_area(queryset, *regions) if regions else queryset


def _sort(fields):
    return django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=fields,
        empty_label=None,
        null_label=None,
    )


class InstrumentFilter(PortalFilterSet):
    soort = django_filters.MultipleChoiceFilter(
        label=_("Soort"), field_name="kind", choices=Instrument.Kind.choices
    )
    grootte = django_filters.ModelMultipleChoiceFilter(
        label=_("Bedrijfsgrootte"),
        field_name="firm_sizes__slug",
        to_field_name="slug",
        queryset=FirmSize.objects.all(),
    )
    gebied = _area_filter()
    # The dekkingskaart counts only what a firm can apply for itself (`Instrument.firms_can_apply`).
    aanvraagbaar = django_filters.ChoiceFilter(
        label=_("Bedrijf kan zelf aanvragen"), choices=[("ja", _("ja"))], method="filter_aanvraagbaar"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[*InstrumentStatus.choices, (ARCHIVED, _("Gearchiveerd"))],
        method="filter_status",
    )
    aanbieder = django_filters.ModelMultipleChoiceFilter(
        label=_("Aanbieder"),
        to_field_name="slug",
        queryset=Organisation.objects.published(),
        method="filter_aanbieder",
    )
    sorteer = _sort({"name": "naam", "closes_on": "sluitdatum", "last_reviewed": "gecontroleerd"})
    facets = {
        **PortalFilterSet.facets,
        "regio": "regions__descendants__slug",
        "soort": "kind",
        "grootte": "firm_sizes__slug",
        "status": Case(
            When(publication_status=PublicationStatus.ARCHIVED, then=Value(ARCHIVED)), default=F("status")
        ),
    }
    # Counting the status options starts from every status, not from the default selection.
    facet_everything = {"status": [*InstrumentStatus.values, ARCHIVED]}
    # Shown in the form only when chosen: too many options (aanbieder, from an organisation's page), or set by
    # the dekkingskaart (gebied, aanvraagbaar), so a visitor sees why the count differs and can take them off.
    chosen_only = ("aanbieder", "gebied", "aanvraagbaar")
    unchosen = {"status": lambda queryset: filter_status(queryset, [])}

    class Meta:
        model = Instrument
        fields = []

    def filter_aanbieder(self, queryset, name, organisations):
        return queryset.provided_by(*organisations) if organisations else queryset

    def filter_status(self, queryset, name, statuses):
        return filter_status(queryset, statuses)

    def filter_gebied(self, queryset, name, regions):
        return filter_gebied(queryset, name, regions)

    def filter_aanvraagbaar(self, queryset, name, value):
        return queryset.firms_can_apply() if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.form.cleaned_data.get("status") else filter_status(queryset, [])


def filter_status(queryset, statuses):
    """No status chosen: the instruments on offer today (`Instrument.objects.on_offer`). Otherwise the stored
    statuses asked for; closed and archived instruments only show when asked for."""
    if not statuses:
        return queryset.on_offer()
    statuses = set(statuses)
    condition = Q(publication_status=PublicationStatus.PUBLISHED, status__in=statuses - {ARCHIVED})
    if ARCHIVED in statuses:
        condition |= Q(publication_status=PublicationStatus.ARCHIVED)
    return queryset.filter(condition)


class OrganisationFilter(PortalFilterSet):
    soort = django_filters.MultipleChoiceFilter(
        label=_("Soort"), field_name="kind", choices=Organisation.Kind.choices
    )
    niveau = django_filters.MultipleChoiceFilter(
        label=_("Niveau"), field_name="level", choices=Organisation.Level.choices
    )
    gebied = _area_filter()
    partnerniveau = django_filters.MultipleChoiceFilter(
        label=_("Met een partner uit"), choices=Organisation.Level.choices, method="filter_partnerniveau"
    )
    sorteer = _sort({"name": "naam", "last_reviewed": "gecontroleerd"})
    facets = {
        **PortalFilterSet.facets,
        "regio": "regions__descendants__slug",
        "soort": "kind",
        "niveau": "level",
        # Only published members count: they are the ones a visitor sees on the collaboration's page.
        "partnerniveau": Case(
            When(
                memberships__member__publication_status=PublicationStatus.PUBLISHED,
                then=F("memberships__member__level"),
            ),
            default=Value(""),
        ),
    }

    chosen_only = ("gebied",)  # set by the dekkingskaart

    class Meta:
        model = Organisation
        fields = []

    def filter_partnerniveau(self, queryset, name, levels):
        return with_partner_level(queryset, levels) if levels else queryset

    def filter_gebied(self, queryset, name, regions):
        return filter_gebied(queryset, name, regions)


def with_partner_level(queryset, levels):
    """Collaborations with at least one published member of one of `levels` (mbo, hbo, ...)."""
    members = Membership.objects.filter(
        member__level__in=levels, member__publication_status=PublicationStatus.PUBLISHED
    )
    return queryset.filter(pk__in=members.values("collaboration_id"))


class PracticeExampleFilter(PortalFilterSet):
    soort = django_filters.MultipleChoiceFilter(
        label=_("Collectie"), field_name="collection", choices=PracticeExample.Collection.choices
    )
    thema = django_filters.ModelMultipleChoiceFilter(
        label=_("Thema"), field_name="themes__slug", to_field_name="slug", queryset=Theme.objects.all()
    )
    sorteer = _sort({"title": "titel", "last_reviewed": "gecontroleerd"})
    text_fields = ("title", "summary", "what_they_did", "results")
    facets = {
        **PortalFilterSet.facets,
        # where it took place: the main region or one of the other regions (PracticeExample.objects.within)
        "regio": ("region__lineage__slug", "other_regions__lineage__slug"),
        "soort": "collection",
        "thema": "themes__slug",
    }

    class Meta:
        model = PracticeExample
        fields = []

    def filter_regio(self, queryset, name, regions):
        return queryset.within(*regions) if regions else queryset


# --- Kennisbank -------------------------------------------------------------------------------------------

# `doel`: the two aims of seed 002 r. 236; an offer for both ("beide") serves either.
AIMS = [(OfferAim.EXPLOITEREN, OfferAim.EXPLOITEREN.label), (OfferAim.EXPLOREREN, OfferAim.EXPLOREREN.label)]


def _aim_of(aim):
    """The records that serve `aim`, as a facet value: their own aim, or both."""
    return Case(When(aim__in=[aim, OfferAim.BEIDE], then=Value(aim)), default=Value(None))


def _theme_filter():
    return django_filters.ModelMultipleChoiceFilter(
        label=_("Thema"), field_name="themes__slug", to_field_name="slug", queryset=Theme.objects.all()
    )


class KnowledgeOfferFilter(PortalFilterSet):
    type = None  # an offer has no entrepreneur types
    niveau = django_filters.MultipleChoiceFilter(
        label=_("Niveau"), field_name="level", choices=OfferLevel.choices
    )
    vorm = django_filters.MultipleChoiceFilter(
        label=_("Vorm van samenwerking"), field_name="form", choices=KnowledgeForm.choices
    )
    doel = django_filters.MultipleChoiceFilter(label=_("Doel"), choices=AIMS, method="filter_doel")
    duur = django_filters.MultipleChoiceFilter(
        label=_("Duur van de samenwerking"), field_name="duration", choices=OfferDuration.choices
    )
    thema = _theme_filter()
    gebied = _area_filter()
    aanbieder = django_filters.ModelMultipleChoiceFilter(
        label=_("Aanbieder"),
        field_name="provider__slug",
        to_field_name="slug",
        queryset=Organisation.objects.published(),
    )
    sorteer = _sort({"name": "naam", "last_reviewed": "gecontroleerd"})
    text_fields = ("name", "summary", "description")
    facets = {
        "vorm": "form",
        "niveau": "level",
        "factor": "factors__slug",
        "regio": "regions__descendants__slug",
        "doel": tuple(_aim_of(aim) for aim, _label in AIMS),
        "duur": "duration",
        "thema": "themes__slug",
    }

    # Shown only when chosen: from an organisation's page (aanbieder) or the dekkingskaart (gebied).
    chosen_only = ("aanbieder", "gebied")

    class Meta:
        model = KnowledgeOffer
        fields = []

    def filter_gebied(self, queryset, name, regions):
        return filter_gebied(queryset, name, regions)

    def filter_doel(self, queryset, name, aims):
        return queryset.filter(aim__in=[*aims, OfferAim.BEIDE]) if aims else queryset


class LearningCommunityFilter(PortalFilterSet):
    type = None
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), field_name="status", choices=CommunityStatus.choices
    )
    thema = _theme_filter()
    sorteer = _sort({"name": "naam", "last_reviewed": "gecontroleerd"})
    text_fields = ("name", "theme", "summary", "description")
    facets = {
        "status": "status",
        "factor": "factors__slug",
        "regio": "regions__descendants__slug",
        "thema": "themes__slug",
    }

    class Meta:
        model = LearningCommunity
        fields = []


class AmbassadorFilter(PortalFilterSet):
    """Few records so far: factor and theme with counts; `regio` (from a region page or the route) only when
    chosen, as `Ambassador.objects.serving` defines it (a region the source gives, else the firm's)."""

    type = None
    thema = _theme_filter()
    sorteer = _sort({"name": "naam", "last_reviewed": "gecontroleerd"})
    text_fields = ("name", "company", "programme", "summary", "talks_about")
    facets = {"factor": "factors__slug", "thema": "themes__slug"}
    chosen_only = ("regio",)

    class Meta:
        model = Ambassador
        fields = []
