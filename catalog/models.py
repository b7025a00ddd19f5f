"""What the portal knows: vocabularies, regions, organisations, instruments, practice examples, sources."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import html_errors, phone_digits, valid_phone


def _choice_constraint(field, choices, *, allow_blank=False):
    values = list(choices.values)
    if allow_blank:
        values.append("")
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
    )


class PublicationStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    REVIEW = "ter-review", _("Ter review")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


# --- Provenance -------------------------------------------------------------------------------------------


class Document(models.Model):
    """A document that facts come from: one of the seed documents, or a later publication."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    published_on = models.DateField(_("publicatiedatum"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("aantal regels"), null=True, blank=True)

    class Meta:
        verbose_name = _("brondocument")
        verbose_name_plural = _("brondocumenten")
        ordering = ["code"]

    def __str__(self):
        return self.title


class Source(models.Model):
    """One citation: lines of a document, or a web page read on a date."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="citations"
    )
    line_start = models.PositiveIntegerField(_("vanaf regel"), null=True, blank=True)
    line_end = models.PositiveIntegerField(_("tot en met regel"), null=True, blank=True)
    url = models.URLField(_("webadres"), max_length=500, blank=True)
    retrieved_on = models.DateField(_("geraadpleegd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["document__code", "line_start", "url"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(document__isnull=False, line_start__isnull=False, line_end__isnull=False)
                    | (~Q(url="") & Q(retrieved_on__isnull=False))
                ),
                name="catalog_source_cites_lines_or_dated_url",
            ),
            models.CheckConstraint(
                condition=Q(line_end__gte=models.F("line_start")) | Q(line_start__isnull=True),
                name="catalog_source_line_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["document", "line_start", "line_end"],
                condition=Q(document__isnull=False),
                name="catalog_source_unique_line_range",
            ),
        ]

    def __str__(self):
        if self.document_id:
            lines = (
                f"r. {self.line_start}"
                if self.line_start == self.line_end
                else f"r. {self.line_start}–{self.line_end}"
            )
            return f"{self.document.title}, {lines}"
        return f"{self.url} ({self.retrieved_on:%d-%m-%Y})"


# The relation every record has (`Sourced.sources`). Each model with history names its other editable
# many-to-many relations in `RELATIONS`; history, import/export and the coverage cache read them from there.
SOURCES = "sources"


class Sourced(models.Model):
    sources = models.ManyToManyField(Source, verbose_name=_("bronnen"), related_name="+")

    class Meta:
        abstract = True


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)


class SearchableManager(models.Manager):
    """Leaves out the stored search vector, which only search reads (inside the database)."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class Named(NamedTuple):
    """A related record as a page names and links it."""

    slug: str
    name: str


class _Joined(models.Aggregate):
    """Text values joined into one string by a separator: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def named_list(through, owner, related, *, published=False):
    """A subquery giving, per record, its related records in `through` as "slug name" lines, so a list
    page can name (and link) them without a query of its own; `read_named` turns it back into `Named`s."""
    rows = through.objects.filter(**{owner: OuterRef("pk")})
    if published:
        rows = rows.filter(**{f"{related}__publication_status": PublicationStatus.PUBLISHED})
    joined = _Joined(
        Concat(f"{related}__slug", Value(" "), f"{related}__name", output_field=models.TextField()),
        Value("\n"),
    )
    return Subquery(rows.values(owner).annotate(joined=joined).values("joined")[:1])


def read_named(joined):
    """The `Named`s of a `named_list` value, by name."""
    lines = (line.split(" ", 1) for line in (joined or "").split("\n") if line)
    return sorted((Named(slug, name) for slug, name in lines), key=lambda n: (n.name.lower(), n.slug))


class PublicRecord(Sourced):
    """A record that has its own public page."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    publication_status = models.CharField(
        _("publicatiestatus"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.CONCEPT,
    )
    last_reviewed = models.DateField(
        _("laatst gecontroleerd"),
        null=True,
        blank=True,
        help_text=_("Wanneer iemand de gegevens voor het laatst heeft nagekeken tegen de bron."),
    )
    internal_note = models.TextField(
        _("notitie voor redacteuren (niet openbaar)"),
        blank=True,
        help_text=_(
            "Alleen voor redacteuren, nooit op de website: wat de bron niet zegt, twijfels, afspraken. "
            "Schrijf tekst voor ondernemers in de omschrijving."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [_choice_constraint("publication_status", PublicationStatus)]

    def clean(self):
        super().clean()
        errors = html_errors(self)
        if errors:
            raise ValidationError(errors)


# --- Vocabularies -------------------------------------------------------------------------------------------


class Phase(Sourced):
    slug = models.SlugField(_("slug"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")
        ordering = ["order"]

    def __str__(self):
        return self.name


class FactorSlug(models.TextChoices):
    KENNIS = "kennis", _("Kennis")
    NETWERK = "netwerk", _("Netwerk")
    FINANCIERING = "financiering", _("Financiering")
    ARBEID = "arbeid", _("Arbeid")


class Factor(Sourced):
    """One of the four innovatiefactoren."""

    Slug = FactorSlug

    slug = models.SlugField(_("slug"), max_length=20, unique=True, choices=FactorSlug.choices)
    name = models.CharField(_("naam"), max_length=100)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="factors", verbose_name=_("fase"))
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("innovatiefactor")
        verbose_name_plural = _("innovatiefactoren")
        ordering = ["order"]
        constraints = [_choice_constraint("slug", FactorSlug)]

    def __str__(self):
        return self.name


class EntrepreneurTypeCode(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class EntrepreneurType(Sourced):
    """Type A-D of the SER scheme: the core input of the route."""

    Code = EntrepreneurTypeCode

    code = models.CharField(_("code"), max_length=1, unique=True, choices=EntrepreneurTypeCode.choices)
    name = models.CharField(_("naam"), max_length=150)
    definition = models.TextField(_("omschrijving"))

    class Meta:
        verbose_name = _("type ondernemer")
        verbose_name_plural = _("typen ondernemer")
        ordering = ["code"]
        constraints = [_choice_constraint("code", EntrepreneurTypeCode)]

    def __str__(self):
        return f"{self.code}: {self.name}"


class FirmSizeSlug(models.TextChoices):
    ZZP = "zzp", _("Zzp")
    MICRO = "micro", _("Micro")
    KLEIN = "klein", _("Klein")
    MIDDEL = "middel", _("Middelgroot")


class FirmSize(Sourced):
    Slug = FirmSizeSlug

    slug = models.SlugField(_("slug"), max_length=20, unique=True, choices=FirmSizeSlug.choices)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("bedrijfsgrootte")
        verbose_name_plural = _("bedrijfsgroottes")
        ordering = ["order"]
        constraints = [_choice_constraint("slug", FirmSizeSlug)]

    def __str__(self):
        return self.name


class Theme(Sourced):
    """A sector or topic, or one of the Platform31 lesson themes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=150)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Typology(Sourced):
    """Another way the seeds sort entrepreneurs (niet weten/willen/kunnen, koplopers/peloton, ...)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("typologie")
        verbose_name_plural = _("typologieën")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TypologyCategory(Sourced):
    typology = models.ForeignKey(
        Typology, on_delete=models.CASCADE, related_name="categories", verbose_name=_("typologie")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("naam"), max_length=200)
    definition = models.TextField(_("omschrijving"), blank=True)
    entrepreneur_types = models.ManyToManyField(
        EntrepreneurType,
        blank=True,
        related_name="typology_categories",
        verbose_name=_("past bij type ondernemer"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["typology", "order"]
        constraints = [
            models.UniqueConstraint(fields=["typology", "slug"], name="catalog_typologycategory_unique_slug")
        ]

    def __str__(self):
        return f"{self.typology}: {self.name}"


# --- Regions ------------------------------------------------------------------------------------------------


class Scope(models.TextChoices):
    """Region scopes from broad to narrow; the order of the members is the hierarchy."""

    EUROPA = "europa", _("Europa")
    LAND = "land", _("Land")
    LANDSDEEL = "landsdeel", _("Landsdeel")
    PROVINCIE = "provincie", _("Provincie")
    REGIO = "regio", _("Regio")
    GEMEENTE = "gemeente", _("Gemeente")

    @classmethod
    def rank(cls, value):
        return cls.values.index(value)


class Region(PublicRecord):
    """A place a firm can be in. Regions form a graph: Deventer may sit in two regions at once."""

    name = models.CharField(_("naam"), max_length=150)
    scope = models.CharField(_("schaal"), max_length=20, choices=Scope.choices)
    parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="children",
        verbose_name=_("ligt in"),
    )
    # Every region above this one, and itself; kept up to date by catalog.regions.rebuild_lineage().
    lineage = models.ManyToManyField("self", symmetrical=False, related_name="descendants", editable=False)

    RELATIONS = ("parents",)
    history = HistoricalRecords(verbose_name=_("historische regio"), m2m_fields=[*RELATIONS, SOURCES])

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]
        constraints = [*PublicRecord.Meta.constraints, _choice_constraint("scope", Scope)]

    def __str__(self):
        return self.name


def _serving(queryset, *regions):
    """Records whose `regions` contain one of `regions`, directly or via a broader region; no duplicates."""
    through = queryset.model.regions.through
    owner = f"{queryset.model._meta.model_name}_id"
    return queryset.filter(pk__in=through.objects.filter(region__descendants__in=regions).values(owner))


# --- Organisations -----------------------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    INNOVATIELOKET = "innovatieloket", _("Innovatieloket")
    KENNISINSTELLING = "kennisinstelling", _("Kennisinstelling")
    SAMENWERKING = "samenwerking", _("Samenwerkingsverband")
    FINANCIER = "financier", _("Fonds of financier")
    BRANCHEORGANISATIE = "brancheorganisatie", _("Brancheorganisatie")
    OVERHEID = "overheid", _("Overheid")
    BEDRIJF = "bedrijf", _("Bedrijf")
    INTERMEDIAIR = "intermediair", _("Adviseur of netwerk")
    OVERIG = "overig", _("Overig")


class KnowledgeLevel(models.TextChoices):
    MBO = "mbo", _("mbo")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")
    ONDERZOEK = "onderzoek", _("onderzoeksinstituut")


class CollaborationForm(models.TextChoices):
    CIV = "civ", _("Centrum voor Innovatief Vakmanschap")
    CENTRE_OF_EXPERTISE = "centre-of-expertise", _("Centre of Expertise")
    OPEN_INNOVATIEFACILITEIT = "open-innovatiefaciliteit", _("Open innovatiefaciliteit")
    FIELDLAB = "fieldlab", _("Fieldlab")
    HUB = "hub", _("Hub")
    LECTORAAT = "lectoraat", _("Lectoraat")
    PRACTORAAT = "practoraat", _("Practoraat")
    LEARNING_COMMUNITY = "learning-community", _("Learning community")
    PPS = "pps", _("Publiek-private samenwerking")
    NETWERK = "netwerk", _("Netwerk")
    OVERIG = "overig", _("Overig")


class OrganisationQuerySet(PublishedQuerySet):
    def serving(self, *regions):
        return _serving(self, *regions)

    def innovatieloketten(self):
        return self.filter(kind=OrganisationKind.INNOVATIELOKET)

    def loketten_serving(self, region):
        """The published innovatieloketten whose werkgebied contains `region`, by name."""
        return self.published().innovatieloketten().serving(region).order_by("name", "slug")

    def loketten_of_province(self, province=None):
        """The published innovatieloketten whose werkgebied lies in the province (the portal's by default)."""
        province = province or settings.PORTAL_PROVINCE
        lookup = "regions__lineage" if isinstance(province, Region) else "regions__lineage__slug"
        return (
            self.published()
            .innovatieloketten()
            .filter(**{lookup: province})
            .distinct()
            .order_by("name", "slug")
        )


class Organisation(PublicRecord):
    Kind = OrganisationKind
    Level = KnowledgeLevel
    CollaborationForm = CollaborationForm

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    level = models.CharField(_("niveau"), max_length=20, choices=KnowledgeLevel.choices, blank=True)
    collaboration_form = models.CharField(
        _("vorm van samenwerking"), max_length=30, choices=CollaborationForm.choices, blank=True
    )
    place = models.CharField(_("plaats"), max_length=100, blank=True)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="organisations", verbose_name=_("werkgebied")
    )
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="organisations", verbose_name=_("factoren")
    )
    entrepreneur_types = models.ManyToManyField(
        EntrepreneurType, blank=True, related_name="organisations", verbose_name=_("typen ondernemer")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="organisations", verbose_name=_("thema's")
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    # How a firm reaches the organisation. Filled only from a source; empty shows "nog niet bekend" publicly.
    email = models.EmailField(
        _("algemeen e-mailadres"),
        blank=True,
        help_text=_(
            "Het algemene adres van de organisatie (zoals info@…), geen adres van een medewerker. "
            "Alleen invullen uit een bron en die bron bij Bronnen noemen. Leeg: de website toont "
            "“nog niet bekend”; vul het later aan als u het hebt nagekeken."
        ),
    )
    phone = models.CharField(
        _("telefoonnummer"),
        max_length=30,
        blank=True,
        validators=[valid_phone],
        help_text=_(
            "Het algemene nummer, zoals 038 499 88 99. Alleen invullen uit een bron; leeg: de website toont "
            "“nog niet bekend”."
        ),
    )
    visiting_address = models.CharField(
        _("bezoekadres"),
        max_length=200,
        blank=True,
        help_text=_(
            "Straat, huisnummer en plaats, zoals Luttenbergstraat 2, Zwolle; geen postbus. Alleen "
            "invullen uit een bron; leeg: de website toont “nog niet bekend”."
        ),
    )
    contact_url = models.URLField(
        _("contactpagina"),
        max_length=300,
        blank=True,
        help_text=_(
            "De pagina op de eigen website waar staat hoe u de organisatie bereikt. Alleen uit een bron."
        ),
    )
    description = models.TextField(_("omschrijving"))
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only; see catalog/search.py

    RELATIONS = ("regions", "factors", "entrepreneur_types", "themes")
    CONTACT_FIELDS = ("website", "email", "phone", "visiting_address", "contact_url")
    objects = SearchableManager.from_queryset(OrganisationQuerySet)()
    history = HistoricalRecords(
        verbose_name=_("historische organisatie"),
        excluded_fields=["search_vector"],
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            *PublicRecord.Meta.constraints,
            _choice_constraint("kind", OrganisationKind),
            _choice_constraint("level", KnowledgeLevel, allow_blank=True),
            _choice_constraint("collaboration_form", CollaborationForm, allow_blank=True),
            models.CheckConstraint(
                condition=Q(level="") | Q(kind=OrganisationKind.KENNISINSTELLING),
                name="catalog_organisation_level_only_for_kennisinstelling",
            ),
            models.CheckConstraint(
                condition=Q(collaboration_form="") | Q(kind=OrganisationKind.SAMENWERKING),
                name="catalog_organisation_form_only_for_samenwerking",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def phone_link(self):
        """The phone number as a `tel:` link dials it."""
        return f"tel:{phone_digits(self.phone)}" if self.phone else ""

    @property
    def reachable(self):
        """Whether the data says how to reach the organisation directly (a number, an address or a site)."""
        return any(getattr(self, field) for field in self.CONTACT_FIELDS)


class MembershipRole(models.TextChoices):
    TREKKER = "trekker", _("Trekker")
    PARTNER = "partner", _("Partner")
    KENNISPARTNER = "kennispartner", _("Kennispartner")
    FINANCIER = "financier", _("Financier")
    DEELNEMER = "deelnemer", _("Deelnemer")


class Membership(Sourced):
    """An organisation taking part in a collaboration (or in another organisation's network)."""

    Role = MembershipRole

    collaboration = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("samenwerking")
    )
    member = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations", verbose_name=_("deelnemer")
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.PARTNER
    )

    RELATIONS = ()
    history = HistoricalRecords(verbose_name=_("historische deelname"), m2m_fields=[*RELATIONS, SOURCES])

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        ordering = ["collaboration", "role", "member"]
        constraints = [
            _choice_constraint("role", MembershipRole),
            models.UniqueConstraint(fields=["collaboration", "member"], name="catalog_membership_unique"),
            models.CheckConstraint(
                condition=~Q(collaboration=models.F("member")), name="catalog_membership_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.member} in {self.collaboration} ({self.get_role_display()})"


# --- Instruments -------------------------------------------------------------------------------------------


class InstrumentKind(models.TextChoices):
    SUBSIDIE = "subsidie", _("Subsidie")
    VOUCHER = "voucher", _("Voucher")
    KREDIET = "krediet", _("Krediet of lening")
    GARANTIE = "garantie", _("Garantie of borgstelling")
    FONDS = "fonds", _("Fonds of deelneming")
    PROGRAMMA = "programma", _("Programma")
    ADVIES = "advies", _("Advies of begeleiding")
    NETWERK_EVENEMENT = "netwerk-evenement", _("Netwerk of evenement")
    OPLEIDINGSFONDS = "opleidingsfonds", _("Opleidingsfonds")
    FACILITEIT = "faciliteit", _("Faciliteit")
    PRIJS = "prijs", _("Prijs of wedstrijd")
    OVERIG = "overig", _("Overig")


class InstrumentStatus(models.TextChoices):
    """What a firm can do today. `onbekend`: no source says whether it is open (the default for new records).

    An unknown status is not "closed": the instrument stays on offer (`on_offer`), but is never shown as open.
    """

    ONBEKEND = "onbekend", _("Onbekend")
    VERWACHT = "verwacht", _("Verwacht")
    OPEN = "open", _("Open")
    BUDGET_BEREIKT = "budget-bereikt", _("Budget bereikt")
    GESLOTEN = "gesloten", _("Gesloten")
    DOORLOPEND = "doorlopend", _("Doorlopend")

    @classmethod
    def given_by_source(cls, value):
        """Whether the status is one a source gave (every status but `onbekend`)."""
        return value != cls.ONBEKEND


class InstrumentQuerySet(PublishedQuerySet):
    def serving(self, *regions):
        return _serving(self, *regions)

    def expired(self, today=None):
        """Stored as open, but the closing date has passed (`close_expired_instruments` closes them)."""
        return self.filter(_expired(today))

    def firms_can_apply(self):
        return self.filter(firms_can_apply=True)

    def with_providers(self):
        """Annotated with the published co-providers (`Instrument.co_providers`): no query per page."""
        through = Instrument.other_providers.through
        return self.annotate(
            co_provider_list=named_list(through, "instrument", "organisation", published=True)
        )

    def provided_by(self, *organisations):
        """Instruments one of `organisations` provides, as the main provider or together with it."""
        others = Instrument.other_providers.through.objects.filter(organisation__in=organisations)
        return self.filter(Q(provider__in=organisations) | Q(pk__in=others.values("instrument_id")))

    def on_offer(self, today=None):
        """Published instruments a firm can use or expect today: neither closed nor past their closing date.

        The one definition of "open" that lists, route, region page, coverage and dashboard share. A status
        `onbekend` stays on offer: nobody says it is closed, so a firm should hear of it and ask the loket;
        pages never present it as open (`Instrument.status_in_words`, the grey badge).
        """
        return self.published().exclude(status=InstrumentStatus.GESLOTEN).exclude(_expired(today))


# Label dimensions: who an offer is for and what it helps with (instrument), or who did it and what they
# worked on (practice example). The cited lines state each, or it is an editor's reading listed in `inferred`.
LABELS = ("entrepreneur_types", "firm_sizes", "themes", "factors", "kind")
# Fields an editor may fill without the source saying so, when marked in `Instrument.inferred`.
INFERABLE = ("name", "provider", "regions", "amount", "dates", *LABELS)
EXAMPLE_INFERABLE = ("entrepreneur_types", "themes", "factors")


class InferredFields(models.Model):
    """`inferred`: the fields and label dimensions an editor filled in without the cited lines saying so.

    The one definition for instruments and practice examples; each model names what it allows in `INFERABLE`.
    """

    INFERABLE = ()

    inferred = models.JSONField(
        _("ingeschat door de redactie, niet uit de bron"),
        default=list,
        blank=True,
        help_text=_(
            "Velden die de redactie zelf heeft ingevuld of ingeschat omdat de bron ze niet noemt, als lijst, "
            'bijvoorbeeld ["provider", "entrepreneur_types"]. Leg in de notitie voor redacteuren uit waarom. '
            "De website toont zo'n veld als ingeschat door de redactie, niet als feit uit de bron."
        ),
    )

    class Meta:
        abstract = True

    def inferred_errors(self):
        """The Dutch message for a value that is not a list of allowed names, as a ValidationError dict."""
        if isinstance(self.inferred, list) and set(self.inferred) <= set(self.INFERABLE):
            return {}
        message = ValidationError(
            _('Geef een lijst met veldnamen, bijvoorbeeld ["provider"]. Mogelijk: %(fields)s.'),
            code="inferred_unknown_field",
            params={"fields": ", ".join(self.INFERABLE)},
        )
        return {"inferred": [message]}

    def is_inferred(self, field):
        return field in (self.inferred or [])


def _expired(today):
    return Q(status=InstrumentStatus.OPEN, closes_on__lt=today or timezone.localdate())


class Instrument(InferredFields, PublicRecord):
    Kind = InstrumentKind
    Status = InstrumentStatus
    INFERABLE = INFERABLE

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(
        _("soort"),
        max_length=30,
        choices=InstrumentKind.choices,
        help_text=_(
            "Wat een bedrijf krijgt: een krediet, garantie, subsidie, voucher, advies, programma, enzovoort."
        ),
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="instruments", verbose_name=_("aanbieder")
    )
    other_providers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_provided_instruments",
        verbose_name=_("ook aangeboden door"),
        help_text=_(
            "Andere organisaties die dit instrument samen met de aanbieder aanbieden. Alleen invullen als de "
            "bron ze noemt."
        ),
    )
    regions = models.ManyToManyField(Region, related_name="instruments", verbose_name=_("voor bedrijven in"))
    factors = models.ManyToManyField(
        Factor,
        related_name="instruments",
        verbose_name=_("factoren"),
        help_text=_("Waar het aanbod bij helpt: kennis, netwerk, financiering of arbeid."),
    )
    phases = models.ManyToManyField(Phase, blank=True, related_name="instruments", verbose_name=_("fasen"))
    entrepreneur_types = models.ManyToManyField(
        EntrepreneurType,
        blank=True,
        related_name="instruments",
        verbose_name=_("typen ondernemer"),
        help_text=_(
            "Voor wie het aanbod bedoeld is (type A tot en met D). Alleen wat de bron zegt; anders leeg "
            "laten of als ingeschat markeren."
        ),
    )
    firm_sizes = models.ManyToManyField(
        FirmSize,
        blank=True,
        related_name="instruments",
        verbose_name=_("bedrijfsgroottes"),
        help_text=_("Voor welke bedrijfsgroottes het aanbod bedoeld is. Leeg: de bron zegt het niet."),
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="instruments",
        verbose_name=_("sectoren en thema's"),
        help_text=_(
            "Voor welke sector het aanbod bedoeld is, alleen als de bron dat zegt, zoals Agro & Food. "
            "Leeg: voor elke sector."
        ),
    )
    firms_can_apply = models.BooleanField(
        _("bedrijf kan zelf aanvragen"),
        default=True,
        help_text=_(
            "Uit als de bron laat zien dat één bedrijf dit niet zelf kan aanvragen of gebruiken, zoals een "
            "fonds voor scholen of een investeringsagenda. De route biedt het dan niet aan."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InstrumentStatus.choices, default=InstrumentStatus.ONBEKEND
    )
    status_note = models.CharField(_("toelichting status"), max_length=300, blank=True)
    opens_on = models.DateField(_("open vanaf"), null=True, blank=True)
    closes_on = models.DateField(_("sluit op"), null=True, blank=True)
    amount_min = models.PositiveIntegerField(_("bedrag vanaf (euro)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("bedrag tot en met (euro)"), null=True, blank=True)
    amount_note = models.CharField(_("toelichting bedrag"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    next_steps = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="previous_steps",
        verbose_name=_("volgende stappen"),
    )
    description = models.TextField(_("omschrijving"))
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only; see catalog/search.py

    RELATIONS = (
        "other_providers",
        "regions",
        "factors",
        "phases",
        "entrepreneur_types",
        "firm_sizes",
        "themes",
        "next_steps",
    )
    objects = SearchableManager.from_queryset(InstrumentQuerySet)()
    history = HistoricalRecords(
        verbose_name=_("historisch instrument"),
        excluded_fields=["search_vector"],
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        ordering = ["name"]
        constraints = [
            *PublicRecord.Meta.constraints,
            _choice_constraint("kind", InstrumentKind),
            _choice_constraint("status", InstrumentStatus),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on"))
                | Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True),
                name="catalog_instrument_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(amount_max__gte=models.F("amount_min"))
                | Q(amount_max__isnull=True)
                | Q(amount_min__isnull=True),
                name="catalog_instrument_amount_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Clear Dutch messages for the two ranges the database also checks."""
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors.setdefault("closes_on", []).append(
                ValidationError(
                    _("De sluitingsdatum ligt vóór de openingsdatum (%(date)s). Controleer beide datums."),
                    code="closes_before_opening",
                    params={"date": date_format(self.opens_on)},
                )
            )
        for field, messages in self.inferred_errors().items():
            errors.setdefault(field, []).extend(messages)
        if self.amount_min is not None and self.amount_max is not None and self.amount_max < self.amount_min:
            errors.setdefault("amount_max", []).append(
                ValidationError(
                    _("Het bedrag tot en met is lager dan het bedrag vanaf."), code="amount_range_reversed"
                )
            )
        if errors:
            raise ValidationError(errors)

    def status_in_words(self, today=None):
        """What an entrepreneur can do today, in one sentence."""
        today = today or datetime.date.today()
        opens, closes = self.opens_on, self.closes_on
        if self.publication_status == PublicationStatus.ARCHIVED:
            return _("Gearchiveerd: dit instrument bestaat niet meer in deze vorm.")
        if self.status == InstrumentStatus.OPEN:
            if closes and closes < today:
                return _("Gesloten sinds %(date)s.") % {"date": date_format(closes)}
            if closes:
                return _("Open: aanvragen kan tot en met %(date)s.") % {"date": date_format(closes)}
            return _("Open: u kunt nu aanvragen.")
        if self.status == InstrumentStatus.VERWACHT:
            if opens and opens >= today:
                return _("Verwacht: opent op %(date)s.") % {"date": date_format(opens)}
            return _("Verwacht: de datum van opening is nog niet bekend.")
        if self.status == InstrumentStatus.BUDGET_BEREIKT:
            if opens and opens > today:
                return _("Budget bereikt: aanvragen kan nu niet. Verwacht weer open op %(date)s.") % {
                    "date": date_format(opens)
                }
            return _("Budget bereikt: aanvragen kan nu niet. Nog niet bekend wanneer het weer opent.")
        if self.status == InstrumentStatus.GESLOTEN:
            return _("Gesloten: aanvragen kan niet meer.")
        if self.status == InstrumentStatus.DOORLOPEND:
            return _("Doorlopend: er is geen vaste sluitingsdatum.")
        return _("Wij weten niet of u dit nu kunt aanvragen. Vraag het innovatieloket of het nog loopt.")

    @property
    def status_label(self):
        """The status on a badge: an unknown status says so in full, never just "Onbekend"."""
        if self.status == InstrumentStatus.ONBEKEND:
            return _("Status onbekend")
        return self.get_status_display()

    @property
    def provider_inferred(self):
        return self.is_inferred("provider")

    @property
    def co_providers(self):
        """The published organisations that offer it together with `provider`, as `Named`s by name."""
        if hasattr(self, "co_provider_list"):  # InstrumentQuerySet.with_providers()
            return read_named(self.co_provider_list)
        return [Named(o.slug, o.name) for o in self.other_providers.published().order_by("name")]


# --- Practice examples ------------------------------------------------------------------------------------


class PracticeExampleCollection(models.TextChoices):
    OVERIJSSEL = "overijssel", _("Uit Overijssel")
    PLATFORM31 = "platform31", _("Platform31: twintig voorbeelden uit Nederland")
    ELDERS = "elders", _("Elders")


def _inside(lookup, value):
    """The regions that are, or lie in, a region matching `lineage__<lookup>=value`, as a subquery."""
    return Region.objects.filter(**{f"lineage__{lookup}": value}).values("pk")


def took_place(lookup, value):
    """Examples whose main region or one of whose other regions is, or lies in, a region matching
    `lineage__<lookup>=value` (such as `"slug", "overijssel"`): the one definition of where an example
    took place (queries, annotations and the curation roles use it)."""
    regions = _inside(lookup, value)
    others = PracticeExample.other_regions.through.objects.filter(region__in=regions)
    return Q(region__in=regions) | Q(pk__in=others.values("practiceexample_id"))


class PracticeExampleQuerySet(PublishedQuerySet):
    def within(self, *regions):
        """Examples that took place in one of `regions` or anywhere inside them (main or other region)."""
        return self.filter(took_place("in", regions))

    def in_province(self, province=None):
        """Examples that took place in the province (by default the portal's, settings.PORTAL_PROVINCE)."""
        return self.filter(took_place("slug", province or settings.PORTAL_PROVINCE))

    def outside_province(self, province=None):
        return self.exclude(took_place("slug", province or settings.PORTAL_PROVINCE))

    def with_places(self):
        """Annotated with the other regions (`other_places`) and whether it took place in the portal's
        province (`in_province`), so that pages need no query per example."""
        through = PracticeExample.other_regions.through
        return self.annotate(
            other_region_list=named_list(through, "practiceexample", "region"),
            in_portal_province=models.ExpressionWrapper(
                took_place("slug", settings.PORTAL_PROVINCE), output_field=models.BooleanField()
            ),
        )

    def with_place_in(self, *regions):
        """Annotated with `place_in`: the name of the main region when it lies in one of `regions`, else of
        the first other region that does, else None (the same rule as `within`)."""
        if not regions:
            return self.annotate(place_in=Value(None, output_field=models.CharField()))
        inside = _inside("in", regions)
        others = PracticeExample.other_regions.through.objects.filter(
            practiceexample=OuterRef("pk"), region__in=inside
        )
        first_other = Subquery(others.order_by("region__name").values("region__name")[:1])
        return self.annotate(
            place_in=Case(When(region__in=inside, then=F("region__name")), default=first_other)
        )


class PracticeExample(InferredFields, PublicRecord):
    """A praktijkvoorbeeld: what peers did, with results and what made it work."""

    Collection = PracticeExampleCollection
    INFERABLE = EXAMPLE_INFERABLE

    title = models.CharField(_("titel"), max_length=200)
    collection = models.CharField(_("collectie"), max_length=20, choices=PracticeExampleCollection.choices)
    organisations = models.ManyToManyField(
        Organisation, related_name="practice_examples", verbose_name=_("uitgevoerd door")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_in_examples", verbose_name=_("partners")
    )
    partners_note = models.TextField(_("andere partners"), blank=True)
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="practice_examples", verbose_name=_("gebruikte instrumenten")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="practice_examples", verbose_name=_("regio")
    )
    other_regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="other_practice_examples",
        verbose_name=_("ook in"),
        help_text=_("Andere regio's waar het ook plaatsvond. Alleen invullen als de bron ze noemt."),
    )
    place = models.CharField(_("plaats"), max_length=100, blank=True)
    period = models.CharField(_("looptijd"), max_length=100, blank=True)
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("thema's"),
        help_text=_("De sector van de bedrijven die het deden, of het onderwerp waar ze aan werkten."),
    )
    factors = models.ManyToManyField(
        Factor,
        related_name="practice_examples",
        verbose_name=_("factoren"),
        help_text=_("Waar de bedrijven aan werkten: kennis, netwerk, financiering of arbeid."),
    )
    entrepreneur_types = models.ManyToManyField(
        EntrepreneurType,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("typen ondernemer"),
        help_text=_(
            "Het type van de bedrijven die het deden (A tot en met D), niet voor wie het voorbeeld bedoeld "
            "is. Alleen wat de bron zegt; anders leeg laten of als ingeschat markeren."
        ),
    )
    summary = models.CharField(_("samenvatting"), max_length=400)
    what_they_did = models.TextField(_("wat ze deden"))
    results = models.TextField(_("resultaten"), blank=True)
    active_ingredients = models.TextField(
        _("werkzame bestanddelen"), blank=True, help_text=_("Eén per regel.")
    )
    lessons = models.TextField(_("lessen"), blank=True, help_text=_("Eén per regel."))
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only; see catalog/search.py

    RELATIONS = (
        "other_regions",
        "organisations",
        "partners",
        "instruments",
        "themes",
        "factors",
        "entrepreneur_types",
    )
    objects = SearchableManager.from_queryset(PracticeExampleQuerySet)()
    history = HistoricalRecords(
        verbose_name=_("historisch praktijkvoorbeeld"),
        excluded_fields=["search_vector"],
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")
        ordering = ["title"]
        constraints = [
            *PublicRecord.Meta.constraints,
            _choice_constraint("collection", PracticeExampleCollection),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, messages in self.inferred_errors().items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @property
    def other_places(self):
        """The other regions it also took place in, as `Named`s by name."""
        if hasattr(self, "other_region_list"):  # PracticeExampleQuerySet.with_places()
            return read_named(self.other_region_list)
        return [Named(r.slug, r.name) for r in self.other_regions.order_by("name")]

    @property
    def in_province(self):
        """Whether it took place (main or other region) inside the portal's province (PORTAL_PROVINCE)."""
        if hasattr(self, "in_portal_province"):  # PracticeExampleQuerySet.with_places()
            return self.in_portal_province
        return PracticeExample.objects.in_province().filter(pk=self.pk).exists()

    @property
    def active_ingredient_list(self):
        return [line for line in self.active_ingredients.splitlines() if line.strip()]

    @property
    def lesson_list(self):
        return [line for line in self.lessons.splitlines() if line.strip()]


# --- Kennisbank: what schools, labs and firms offer, and learning communities ----------------------------
#
# The SER's recommendations 1.4 and 1.5 (seed 000, ch. 9.1): knowledge available at firms and schools brought
# together, and learning communities. The vocabularies name only forms the seeds name (fixtures/README.md).


class KnowledgeForm(models.TextChoices):
    """How a firm works with the provider: the forms of cooperation the seeds name (seed 000, 002)."""

    STAGE = "stage", _("Stage")
    AFSTUDEEROPDRACHT = "afstudeeropdracht", _("Afstudeeropdracht")
    PROJECTOPDRACHT = "projectopdracht", _("Projectopdracht door studenten")
    ONDERZOEK = "praktijkgericht-onderzoek", _("Praktijkgericht onderzoek")
    WERKPLAATS = "werkplaats", _("Innovatiewerkplaats of onderzoekswerkplaats")
    FACILITEITEN = "faciliteiten", _("Gebruik van machines en labs")
    MAATWERKCURSUS = "maatwerkcursus", _("Cursus op maat")
    GASTLES = "gastles", _("Gastles")
    INNOVATIEHUB = "innovatiehub", _("Innovatiehub")
    COMMUNITY = "community-of-practice", _("Community of practice")
    ACCELERATOR = "accelerator", _("Accelerator met studenten")
    BEDRIJFSBEZOEK = "bedrijfsbezoek", _("Bedrijfsbezoek")
    DEMONSTRATIE = "demonstratie", _("Demonstratie")
    MENTORING = "mentoring", _("Meedenken en begeleiden door een ondernemer")
    ADVIES = "advies", _("Advies")
    OVERIG = "overig", _("Overig")


class OfferLevel(models.TextChoices):
    """Who offers: a school or research at a level, or a firm ("ondernemers leren van ondernemers")."""

    MBO = "mbo", _("mbo")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")
    ONDERZOEK = "onderzoek", _("onderzoek")
    BEDRIJF = "bedrijf", _("bedrijf")


class OfferAim(models.TextChoices):
    """Seed 002 r. 236: improving what exists (exploiteren) or developing something new (exploreren)."""

    EXPLOITEREN = "exploiteren", _("Bestaande producten of processen verbeteren")
    EXPLOREREN = "exploreren", _("Iets nieuws ontwikkelen")
    BEIDE = "beide", _("Verbeteren en vernieuwen")


class OfferDuration(models.TextChoices):
    """Seed 002 r. 238: a short or a long cooperation."""

    KORT = "kort", _("Kort")
    LANG = "lang", _("Lang")


KNOWLEDGE_INFERABLE = ("level", "aim", "duration", "regions", "factors", "themes")


class KennisbankQuerySet(PublishedQuerySet):
    def serving(self, *regions):
        """Offers and communities whose werkgebied contains one of `regions` (as for instruments)."""
        return _serving(self, *regions)


class KnowledgeOffer(InferredFields, PublicRecord):
    """Kennisaanbod: what a school, lectoraat, lab, CIV, fieldlab or firm offers an mkb firm."""

    Form = KnowledgeForm
    Level = OfferLevel
    Aim = OfferAim
    Duration = OfferDuration
    INFERABLE = KNOWLEDGE_INFERABLE

    name = models.CharField(_("naam"), max_length=200)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="knowledge_offers", verbose_name=_("aanbieder")
    )
    form = models.CharField(_("vorm van samenwerking"), max_length=30, choices=KnowledgeForm.choices)
    level = models.CharField(
        _("niveau"),
        max_length=20,
        choices=OfferLevel.choices,
        blank=True,
        help_text=_("mbo, hbo, wo, onderzoek, of bedrijf als een ondernemer het aanbiedt. Leeg: onbekend."),
    )
    aim = models.CharField(
        _("doel"),
        max_length=20,
        choices=OfferAim.choices,
        blank=True,
        help_text=_(
            "Verbeteren wat er is (exploiteren) of iets nieuws ontwikkelen (exploreren). Leeg: onbekend."
        ),
    )
    duration = models.CharField(
        _("duur van de samenwerking"),
        max_length=10,
        choices=OfferDuration.choices,
        blank=True,
        help_text=_("Kort of lang. Leeg: onbekend."),
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="knowledge_offers", verbose_name=_("werkgebied")
    )
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="knowledge_offers", verbose_name=_("factoren")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="knowledge_offers", verbose_name=_("thema's")
    )
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("omschrijving"), blank=True)
    starts = models.CharField(
        _("wanneer het kan beginnen"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bijvoorbeeld de instroommomenten van een schooljaar. Alleen uit een bron; leeg: onbekend."
        ),
    )
    how_to_start = models.TextField(
        _("hoe u contact zoekt"),
        blank=True,
        help_text=_(
            "Alleen uit een bron. Leeg: de website verwijst naar de aanbieder en het innovatieloket."
        ),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)

    RELATIONS = ("regions", "factors", "themes")
    objects = KennisbankQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("historisch kennisaanbod"),
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("kennisaanbod")
        verbose_name_plural = _("kennisaanbod")
        ordering = ["name"]
        constraints = [
            *PublicRecord.Meta.constraints,
            _choice_constraint("form", KnowledgeForm),
            _choice_constraint("level", OfferLevel, allow_blank=True),
            _choice_constraint("aim", OfferAim, allow_blank=True),
            _choice_constraint("duration", OfferDuration, allow_blank=True),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:knowledgeoffer_detail", args=[self.slug])

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, messages in self.inferred_errors().items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    @property
    def by_firm(self):
        """Offered by a firm: entrepreneurs learning from entrepreneurs."""
        return self.level == OfferLevel.BEDRIJF


class CommunityStatus(models.TextChoices):
    STARTEND = "startend", _("Start binnenkort")
    ACTIEF = "actief", _("Actief, u kunt meedoen")
    VOL = "vol", _("Vol")
    AFGELOPEN = "afgelopen", _("Afgelopen")
    ONBEKEND = "onbekend", _("Onbekend")


class LearningCommunity(PublicRecord):
    """A learning community (seed 000 §7.3, Bijlage 4): people from firms, schools and research who learn
    together, exchange practice and look for pragmatic solutions."""

    Status = CommunityStatus

    name = models.CharField(_("naam"), max_length=200)
    theme = models.CharField(_("onderwerp"), max_length=200)
    contact = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contact_for_communities",
        verbose_name=_("contactorganisatie"),
        help_text=_("De organisatie die aanmeldingen ontvangt (“Ik wil meedoen”)."),
    )
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="learning_communities", verbose_name=_("deelnemers")
    )
    participants_note = models.TextField(_("andere deelnemers"), blank=True)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="learning_communities", verbose_name=_("regio")
    )
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="learning_communities", verbose_name=_("factoren")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="learning_communities", verbose_name=_("thema's")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommunityStatus.choices,
        default=CommunityStatus.ONBEKEND,
        help_text=_("Alleen wat een bron zegt; anders onbekend."),
    )
    rhythm = models.CharField(_("hoe vaak"), max_length=200, blank=True, help_text=_("Leeg: onbekend."))
    meeting_place = models.CharField(_("waar"), max_length=200, blank=True, help_text=_("Leeg: onbekend."))
    how_to_join = models.TextField(_("hoe u meedoet"), blank=True)
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("omschrijving"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)

    RELATIONS = ("participants", "regions", "factors", "themes")
    objects = KennisbankQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("historische leergemeenschap"),
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("leergemeenschap")
        verbose_name_plural = _("leergemeenschappen")
        ordering = ["name"]
        constraints = [*PublicRecord.Meta.constraints, _choice_constraint("status", CommunityStatus)]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:learningcommunity_detail", args=[self.slug])

    @property
    def takes_requests(self):
        """Whether "Ik wil meedoen" is offered: unless a source says it is full or ended (unknown: the
        contact organisation decides)."""
        return self.status not in (CommunityStatus.VOL, CommunityStatus.AFGELOPEN)


class AmbassadorQuerySet(PublishedQuerySet):
    def serving(self, *regions):
        """Ambassadors whose region contains one of `regions`; where a source gives no region, those whose
        firm's werkgebied does (they talk to peers where their firm works). Neither known: not serving."""
        through = Ambassador.regions.through
        own = through.objects.filter(region__descendants__in=regions).values("ambassador_id")
        firms = Organisation.regions.through.objects.filter(region__descendants__in=regions)
        return self.filter(
            Q(pk__in=own)
            | (
                ~Exists(through.objects.filter(ambassador_id=OuterRef("pk")))
                & Q(organisation_id__in=firms.values("organisation_id"))
            )
        )


class Ambassador(PublicRecord):
    """An entrepreneur who shares their story with peers, such as a Pioneer in Overijssel (seed 000 r. 2455,
    seed 003 r. 8463-8519). Only what a source publishes: no photo, e-mail or phone; a firm reaches an
    ambassador through the innovatieloket of its region."""

    name = models.CharField(_("naam"), max_length=200, help_text=_("Zoals de bron de naam noemt."))
    role = models.CharField(
        _("functie"), max_length=200, blank=True, help_text=_("Zoals de bron die noemt. Leeg: onbekend.")
    )
    company = models.CharField(
        _("bedrijf"), max_length=200, blank=True, help_text=_("Zoals de bron het noemt. Leeg: onbekend.")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ambassadors",
        verbose_name=_("organisatie in het portaal"),
        help_text=_("Het bedrijf als organisatie in het portaal, als die er is."),
    )
    programme = models.CharField(
        _("programma"),
        max_length=200,
        blank=True,
        help_text=_("Waarvoor iemand ambassadeur is, bijvoorbeeld Pioneers in Overijssel. Leeg: onbekend."),
    )
    programme_example = models.ForeignKey(
        PracticeExample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassadors",
        verbose_name=_("programma als praktijkvoorbeeld"),
        help_text=_("Het praktijkvoorbeeld dat het programma beschrijft, als dat er is."),
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="ambassadors",
        verbose_name=_("regio"),
        help_text=_("Alleen als de bron het zegt. Leeg: onbekend."),
    )
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="ambassadors", verbose_name=_("factoren")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="ambassadors", verbose_name=_("thema's"))
    summary = models.TextField(
        _("samenvatting"),
        max_length=1200,
        help_text=_("Kort, in eigen woorden: wat de bron over dit verhaal zegt."),
    )
    talks_about = models.TextField(
        _("waarover deze ondernemer wil praten"),
        blank=True,
        help_text=_("Alleen uit een bron of van de ondernemer zelf. Leeg: onbekend."),
    )

    RELATIONS = ("regions", "factors", "themes")
    objects = AmbassadorQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("historische ambassadeur"),
        m2m_fields=[*RELATIONS, SOURCES],
    )

    class Meta:
        verbose_name = _("ambassadeur")
        verbose_name_plural = _("ambassadeurs")
        ordering = ["name"]
        constraints = [*PublicRecord.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:ambassador_detail", args=[self.slug])


# --- Curation roles (see catalog/curation/roles.py and docs/curation.md) -----------------------------


class OrganisationEditor(models.Model):
    """A user who works for an organisation (usually an innovatieloket).

    A loket editor edits the records of this organisation and receives its hand-off questions.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_roles",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="editors", verbose_name=_("organisatie")
    )

    class Meta:
        verbose_name = _("medewerker van een organisatie")
        verbose_name_plural = _("medewerkers van organisaties")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="catalog_organisationeditor_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


class EditorAssignment(models.Model):
    """One more record a loket editor looks after: an organisation (with its instruments) or an instrument."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_assignments",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("organisatie"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("instrument"),
    )

    class Meta:
        verbose_name = _("toegewezen gegeven")
        verbose_name_plural = _("toegewezen gegevens")
        ordering = ["user__username", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, instrument__isnull=True)
                | Q(organisation__isnull=True, instrument__isnull=False),
                name="catalog_editorassignment_one_record",
                violation_error_message=_("Kies een organisatie of een instrument, niet allebei."),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"], name="catalog_editorassignment_unique_organisation"
            ),
            models.UniqueConstraint(
                fields=["user", "instrument"], name="catalog_editorassignment_unique_instrument"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation or self.instrument}"


class CuratorRegion(models.Model):
    """A region a regional curator looks after: every record whose werkgebied lies within it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="curator_regions",
        verbose_name=_("gebruiker"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="curators", verbose_name=_("regio")
    )

    class Meta:
        verbose_name = _("regio van een curator")
        verbose_name_plural = _("regio's van curatoren")
        ordering = ["region__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="catalog_curatorregion_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.region}"


# --- Reports from visitors ---------------------------------------------------------------------------------


class RecordKind(models.TextChoices):
    """The public records a visitor can report on; the values are the models' names."""

    INSTRUMENT = "instrument", _("Instrument")
    ORGANISATION = "organisation", _("Organisatie")
    PRACTICE_EXAMPLE = "practiceexample", _("Praktijkvoorbeeld")
    REGION = "region", _("Regio")
    KNOWLEDGE_OFFER = "knowledgeoffer", _("Kennisaanbod")
    LEARNING_COMMUNITY = "learningcommunity", _("Leergemeenschap")
    AMBASSADOR = "ambassador", _("Ambassadeur")


class ReportStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in-behandeling", _("In behandeling")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class OutdatedReport(models.Model):
    """A visitor's report that a public record is outdated or wrong ("Meld verouderde informatie").

    The record is named by kind and slug, not by a foreign key: slugs are the records' stable public names, a
    report outlives the record it is about (curators may archive or delete it), and one table serves every
    kind.
    The e-mail address is personal data: `manage.py purge_reports` removes it after the retention period.
    """

    Kind = RecordKind
    Status = ReportStatus

    MESSAGE_MAX_LENGTH = 2000

    record_kind = models.CharField(_("soort gegeven"), max_length=20, choices=RecordKind.choices)
    record_slug = models.SlugField(_("slug van het gegeven"), max_length=120)
    message = models.CharField(_("wat klopt er niet"), max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField(
        _("e-mailadres"),
        blank=True,
        help_text=_("Alleen om een vraag terug te stellen. Wordt na de bewaartermijn automatisch gewist."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NIEUW
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("melding verouderde informatie")
        verbose_name_plural = _("meldingen verouderde informatie")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["record_kind", "record_slug"], name="catalog_report_record_idx")]
        constraints = [
            _choice_constraint("record_kind", RecordKind),
            _choice_constraint("status", ReportStatus),
            models.CheckConstraint(condition=~Q(message=""), name="catalog_outdatedreport_message_not_empty"),
            models.CheckConstraint(
                condition=~Q(record_slug=""), name="catalog_outdatedreport_slug_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.get_record_kind_display()} {self.record_slug} ({self.created_at:%d-%m-%Y})"


# --- Checklists --------------------------------------------------------------------------------------------


class Checklist(PublicRecord):
    """A short list of points to check before a step on the route, e.g. before working with a school."""

    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="checklists", verbose_name=_("factoren")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    RELATIONS = ("factors",)
    history = HistoricalRecords(verbose_name=_("historische checklist"), m2m_fields=[*RELATIONS, SOURCES])

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["order", "title"]
        constraints = [*PublicRecord.Meta.constraints]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    text = models.CharField(_("tekst"), max_length=400)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("punt")
        verbose_name_plural = _("punten")
        ordering = ["checklist", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="catalog_checklistitem_text_not_empty")
        ]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        errors = html_errors(self)
        if errors:
            raise ValidationError(errors)


# --- Link checks (curation tools) --------------------------------------------------------------------------


class LinkCheckQuerySet(models.QuerySet):
    def for_model(self, model):
        """Checks of records of `model`, joined by name: no separate content type query."""
        meta = model._meta
        return self.filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name)


class LinkCheck(models.Model):
    """The latest result of requesting one web address of one record (`manage.py check_links`).

    One row per record and address: a new check overwrites the previous result. The record is named by
    content type and primary key, because websites and cited sources belong to several kinds of records.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("soort gegeven")
    )
    object_id = models.PositiveBigIntegerField(_("id van het gegeven"))
    url = models.URLField(_("webadres"), max_length=500)
    checked_at = models.DateTimeField(_("gecontroleerd op"))
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    ok = models.BooleanField(_("werkt"))
    error = models.CharField(_("fout"), max_length=300, blank=True)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("linkcontrole")
        verbose_name_plural = _("linkcontroles")
        ordering = ["-checked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "url"], name="catalog_linkcheck_unique_record_url"
            )
        ]
        indexes = [models.Index(fields=["content_type", "ok", "object_id"], name="catalog_linkcheck_ok_idx")]

    def __str__(self):
        return f"{self.url}: {self.status_code or self.error}"


# --- Search (see catalog/search.py) ------------------------------------------------------------------------


class SearchSynonym(models.Model):
    """A group of words that mean the same to someone searching: our own vocabulary, curators edit it."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    words = models.CharField(
        _("woorden"),
        max_length=400,
        help_text=_(
            "Woorden met dezelfde betekenis, gescheiden door komma's. Eén woord per plek, geen zinnen."
        ),
    )

    class Meta:
        verbose_name = _("synoniem bij zoeken")
        verbose_name_plural = _("synoniemen bij zoeken")
        ordering = ["key"]

    def __str__(self):
        return self.words

    @property
    def word_list(self):
        return [word.strip() for word in self.words.split(",") if word.strip()]


class SearchEntry(models.Model):
    """One published record as search reads it: analysed words, kept by catalog.search_index.

    On SQLite an FTS5 table (catalog_searchentry_fts, migration 0010) indexes the word columns.
    """

    kind = models.CharField(max_length=20)
    record_id = models.PositiveIntegerField()
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)  # the plain text snippets are cut from
    title_terms = models.TextField(blank=True)  # stems of the name or title
    facet_terms = models.TextField(blank=True)  # stems of what the record is and where: kind, place, regions
    body_terms = models.TextField(blank=True)  # stems of the other texts, in order
    parts = models.TextField(
        blank=True
    )  # stems of the tails of long compounds ("voucher" of "kennisvoucher")
    words = models.TextField(blank=True)  # distinct folded words, unstemmed: the vocabulary for typos
    areas = models.TextField(blank=True)  # slugs of the record's regions and all regions above them
    wide = models.BooleanField(default=False)  # for a whole country, landsdeel or Europe

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="catalog_searchentry_kind_record")
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchWord(models.Model):
    """A folded word of the search index and how many entries have it: the vocabulary for typos and compounds.

    Kept by catalog.search_index with the entries (rebuilt by `rebuild_index`, counted up and down when one
    entry is written), so search reads only the few words a query needs, through the indexes. The empty word
    counts every entry.
    """

    word = models.CharField(max_length=200, unique=True)
    backward = models.CharField(max_length=200)  # the word reversed: words ending in a term, by prefix
    stem = models.CharField(max_length=200)
    length = models.PositiveSmallIntegerField()
    entries = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # Prefix lookups: LIKE 'x%' on PostgreSQL whatever the collation; SQLite compares bytes.
            models.Index(
                fields=["word"], name="catalog_searchword_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["backward"], name="catalog_searchword_backward", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["stem"], name="catalog_searchword_stem"),
        ]

    def __str__(self):
        return f"{self.word} ({self.entries})"


class SearchMiss(models.Model):
    """A search that found nothing, kept once at least SEARCH_MISS_THRESHOLD different visitors searched it
    (catalog.search_demand). The text is the search's own folding of the query."""

    TEXT_MAX_LENGTH = 200

    text = models.CharField(_("zoekvraag"), max_length=TEXT_MAX_LENGTH, unique=True)
    first_kept = models.DateField(_("bewaard sinds"))
    last_searched = models.DateField(_("laatst gezocht"), db_index=True)
    searches = models.PositiveIntegerField(_("keer gezocht"), default=0)

    class Meta:
        verbose_name = _("zoekvraag zonder resultaat")
        verbose_name_plural = _("zoekvragen zonder resultaat")
        ordering = ["-searches", "text"]

    def __str__(self):
        return self.text


class SearchMissVisitor(models.Model):
    """A visitor who searched a text and found nothing, before the text is kept: both as keyed hashes (the
    visitor's changes every day), so no text below the threshold is stored. Only to count different visitors;
    deleted when the text is kept, or after SEARCH_MISS_PENDING_DAYS."""

    day = models.DateField(db_index=True)
    text_hash = models.CharField(max_length=64)
    visitor = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["text_hash", "visitor"], name="catalog_searchmissvisitor_unique")
        ]

    def __str__(self):
        return f"{self.day}"


class RevisionState(models.TextChoices):
    PENDING = "pending", _("wacht op controle")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class PendingRevision(models.Model):
    """An editor's change to a published record, waiting for a curator (catalog/curation/revisions.py).

    `proposed` holds only the changed fields: {field name: value as JSON}, a relation as its pk, a
    many-to-many relation as the list of pks; `base` the same fields as they were stored when the editor
    submitted, so the curator sees what changed on the website since. The published record stays as it is
    until a curator approves. At most one revision per record waits at a time.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("soort gegeven")
    )
    object_id = models.PositiveBigIntegerField(_("id van het gegeven"))
    record_name = models.CharField(_("gegeven"), max_length=300)
    proposed = models.JSONField(_("voorgestelde waarden"))
    base = models.JSONField(_("waarden bij het indienen"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("ingediend door")
    )
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    state = models.CharField(
        _("stand"), max_length=20, choices=RevisionState.choices, default=RevisionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    note = models.TextField(_("toelichting van de curator"), blank=True)

    class Meta:
        verbose_name = _("wijziging ter controle")
        verbose_name_plural = _("wijzigingen ter controle")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="pending"),
                name="catalog_pendingrevision_one_pending_per_record",
            )
        ]
        indexes = [models.Index(fields=["state", "content_type"], name="catalog_revision_state")]

    def __str__(self):
        return str(self.record_name)
