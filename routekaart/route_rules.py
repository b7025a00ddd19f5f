"""What each type of entrepreneur gets on the route: one table, one block per type, for policy officers.

The types A-D and the factors come from the SER scheme (SER Overijssel, "Kennis durven vragen en delen",
2021; see fixtures/taxonomy.yaml). Phase 0, "willen", comes before the factors; the plan phase is about
kennis and netwerk, the execution phase about financiering and arbeid. Per type, `RULES` says:

- default_factors: the factors the type stands for when the visitor ticked none;
- factor_order: the order in which the type meets the factors (B starts in the plan phase, C in the
  execution phase);
- step_order: the order of the steps of the route (the loket always comes first);
- sharing_first: whether collaborations where firms share and learn from peers (SHARING_FORMS) come first;
- gentle_start: whether the route has the step "Rustig beginnen" (programmes for firms not yet sure);
- invite_to_share: whether the route has the step "Deel uw kennis" (SHARE), an invitation to share what the
  firm knows;
- factor_reasons, organisations, examples: the texts the visitor reads above those steps.

The kennisbank steps (KNOWLEDGE, COMMUNITIES) come when the firm lacks one of KNOWLEDGE_FACTORS.

Texts in %(...)s get filled in by the engine: %(region)s, %(names)s and %(province)s for the loket,
%(factor)s for the instruments of a factor, %(factors)s for the organisations.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    CollaborationForm,
    CommunityStatus,
    FirmSizeSlug,
    InstrumentKind,
    KnowledgeForm,
    KnowledgeLevel,
    OfferDuration,
    OfferLevel,
    OrganisationKind,
)
from catalog.models import EntrepreneurTypeCode as Type
from catalog.models import FactorSlug as F


class StepKind(models.TextChoices):
    LOKET = "loket"
    INSTRUMENTS = "instrumenten"
    ORGANISATIONS = "organisaties"
    EXAMPLES = "voorbeelden"
    CHECKLISTS = "checklists"
    KNOWLEDGE = "kennisaanbod"
    COMMUNITIES = "leergemeenschappen"
    SHARE = "deel-uw-kennis"
    AMBASSADORS = "ambassadeurs"


@dataclass(frozen=True)
class StepText:
    title: Promise
    reason: Promise
    note: Promise | str = ""


@dataclass(frozen=True)
class TypeRules:
    default_factors: tuple[F, ...]
    factor_order: tuple[F, ...]
    step_order: tuple[StepKind, ...]
    sharing_first: bool
    gentle_start: bool
    invite_to_share: bool
    factor_reasons: dict[F, Promise]
    organisations: StepText
    examples: StepText


# Collaboration forms where firms share and learn from peers: first for D (and A, for inspiration).
SHARING_FORMS = (
    CollaborationForm.LEARNING_COMMUNITY,
    CollaborationForm.CIV,
    CollaborationForm.PRACTORAAT,
    CollaborationForm.LECTORAAT,
    CollaborationForm.FIELDLAB,
    CollaborationForm.NETWERK,
)

# --- How the route ranks, for every type -------------------------------------------------------------------
#
# Labels on a record (types A-D, firm sizes, sectors) raise its rank when they match the profile; a missing or
# other label never excludes it. Only a record whose sectors are all other sectors than the firm's goes below
# the records that name no sector.

# How much a matching label (type, firm size) weighs in the ranking: one the cited source states above one an
# editor inferred (`inferred` on the record; see docs/data.md "What a label means"). No match weighs 0.
LABEL_WEIGHT = {"stated": 2, "inferred": 1}

# Themes that are sectors (a firm belongs to one); other themes are topics or lessons and never demote.
SECTORS = frozenset(
    {
        "agro-food",
        "bouw",
        "e-commerce",
        "hightech",
        "logistiek",
        "maakindustrie",
        "polymeren-coatings-composieten",
        "procestechnologie",
        "schoonmaak",
        "techniek",
        "textiel",
        "zorg",
    }
)
# Sectors whose schools and networks also serve the firm's sector (technical education serves manufacturing).
RELATED_SECTORS = {
    "maakindustrie": ("techniek", "hightech", "polymeren-coatings-composieten"),
    "techniek": ("maakindustrie", "hightech"),
    "hightech": ("maakindustrie", "techniek"),
    "polymeren-coatings-composieten": ("maakindustrie", "procestechnologie"),
    "procestechnologie": ("polymeren-coatings-composieten",),
    "bouw": ("techniek",),
}
# The phase that fits the firm's aim: developing something new starts with a plan, improving is doing.
AMBITION_PHASES = {"nieuw": "plannen", "verbeteren": "uitvoeren"}
# Kinds of instrument that answer a lacking factor most directly: a training fund for people.
FACTOR_KINDS = {F.ARBEID: (InstrumentKind.OPLEIDINGSFONDS,)}
# Firm sizes the SER calls small (seed 000): for them an mbo school comes before hbo and wo.
SMALL_FIRMS = (FirmSizeSlug.ZZP, FirmSizeSlug.MICRO, FirmSizeSlug.KLEIN)
SCHOOL_LEVEL_ORDER = (KnowledgeLevel.MBO, KnowledgeLevel.HBO, KnowledgeLevel.WO, KnowledgeLevel.ONDERZOEK)
# Factors a school or knowledge institution helps with, and the collaborations of schools and firms.
SCHOOL_FACTORS = (F.KENNIS, F.ARBEID)
SCHOOL_FORMS = (
    CollaborationForm.CIV,
    CollaborationForm.PRACTORAAT,
    CollaborationForm.LECTORAAT,
    CollaborationForm.FIELDLAB,
    CollaborationForm.CENTRE_OF_EXPERTISE,
    CollaborationForm.PPS,
)
# Organisations of these kinds join the organisations step only when they serve the firm's sector.
SECTOR_ORGANISATION_KINDS = (
    OrganisationKind.BRANCHEORGANISATIE,
    OrganisationKind.INTERMEDIAIR,
    OrganisationKind.OVERIG,
)

# --- The kennisbank on the route -------------------------------------------------------------------------
#
# Knowledge offers and learning communities come on the route for a firm that lacks one of these factors.
KNOWLEDGE_FACTORS = (F.KENNIS, F.ARBEID)
# Forms of cooperation that are short and concrete: a small firm can start with them without a long project
# (seed 002 r. 236-238: short cooperation; the forms seed 000 and 002 name).
SHORT_CONCRETE_FORMS = (
    KnowledgeForm.STAGE,
    KnowledgeForm.PROJECTOPDRACHT,
    KnowledgeForm.GASTLES,
    KnowledgeForm.MAATWERKCURSUS,
    KnowledgeForm.BEDRIJFSBEZOEK,
    KnowledgeForm.DEMONSTRATIE,
)
# For a small firm (SMALL_FIRMS): mbo offers and short, concrete ones first, by points: mbo as the source
# states it LABEL_WEIGHT["stated"], as an editor inferred it LABEL_WEIGHT["inferred"], a short, concrete form
# (or a cooperation whose `duration` is kort) LABEL_WEIGHT["stated"]. So an mbo stage comes before an mbo
# research project and before an hbo stage, and those two before a long hbo project.
SMALL_FIRM_OFFER_LEVEL = OfferLevel.MBO
SHORT_DURATION = OfferDuration.KORT
# The order of knowledge offers, best first; each a key of the engine (routekaart.engine._knowledge_step):
# 1. not only for another sector than the firm's; 2. the firm's sector; 3. for a small firm, mbo and short,
# concrete forms (by points, see above), a level the source states before one an editor inferred;
# 4. regional before national (the narrowest werkgebied containing the firm's region); 5. the more of the
# lacking factors it helps with, the higher; then by name.
#
# Learning communities a firm can join: starting or active first, status unknown after; full or ended never.
COMMUNITY_OPEN = (CommunityStatus.STARTEND, CommunityStatus.ACTIEF)
COMMUNITY_SHOWN = (*COMMUNITY_OPEN, CommunityStatus.ONBEKEND)
# Their order: not only for another sector; one that works on a lacking factor before one that does not (a
# firm short of people is not helped by a circle about something else, however open); open first; the
# firm's sector; the more lacking factors, the higher; regional before national; then by name.

# Why an item is on the route: one line of parts joined by " · ".
REASON_REGION = _("Voor bedrijven in %(region)s")
REASON_PLACE = _("In %(region)s")
REASON_NEARBY = _("Dichtbij: in %(region)s")
REASON_FACTORS = _("helpt bij %(factors)s")
REASON_SECTOR = _("past bij %(sector)s")
REASON_SIZE = _("voor bedrijven van uw grootte")
# The firm's type is among the record's types: for an offer, who it is for; for an example, who did it. An
# inferred type says it is the editors' reading.
REASON_TYPE = {
    "stated": _("bedoeld voor ondernemers in uw situatie"),
    "inferred": _("past volgens de redactie bij uw situatie"),
}
REASON_TYPE_EXAMPLE = {
    "stated": _("gedaan door ondernemers in uw situatie"),
    "inferred": _("volgens de redactie gedaan door ondernemers in uw situatie"),
}
REASON_AMBITION = {
    "nieuw": _("past bij iets nieuws ontwikkelen"),
    "verbeteren": _("past bij verbeteren wat er al is"),
}
REASON_MBO = _("mbo: praktijkgericht, past bij een klein bedrijf")
REASON_LOKET = _("Uw eerste aanspreekpunt in %(region)s")
REASON_CONCRETE_FORM = _("%(form)s: een concrete manier om te beginnen")
REASON_SHORT = _("een korte samenwerking")
REASON_BY_FIRM = _("van een ondernemer: ondernemers leren van ondernemers")
REASON_COMMUNITY_STATUS = {
    CommunityStatus.STARTEND: _("start binnenkort: u kunt zich aanmelden"),
    CommunityStatus.ACTIEF: _("actief: u kunt meedoen"),
    CommunityStatus.ONBEKEND: _("of u nu kunt meedoen, weten we niet: vraag het de contactorganisatie"),
}
REASON_CHECKLIST = _("Voor wie %(factors)s mist")
REASON_CHECKLIST_ANY = _("Voor elke ondernemer die wil vernieuwen")

# --- Texts every type shares ---------------------------------------------------------------------------

LOKET = StepText(
    _("Bel of mail eerst uw innovatieloket"),
    _(
        "Het innovatieloket is uw eerste aanspreekpunt voor elke vraag over vernieuwen in %(region)s: "
        "%(names)s kent de regelingen en de mensen in uw regio."
    ),
)
# The region has no loket of its own: the loketten of its province.
LOKET_OF_PROVINCE = StepText(
    _("Bel of mail eerst een innovatieloket"),
    _(
        "Voor %(region)s kennen we geen eigen innovatieloket. De innovatieloketten van %(province)s helpen u "
        "ook verder: kies het loket dat het dichtst bij u is."
    ),
    note=_("Er is geen innovatieloket bekend voor %(region)s."),
)
INSTRUMENTS_TITLE = _("%(factor)s: regelingen en hulp")
GENTLE_START = StepText(
    _("Rustig beginnen"),
    _("U twijfelt nog of vernieuwen iets voor u is: deze programma's helpen u op weg."),
)
CHECKLISTS = StepText(
    _("Goed voorbereid"),
    _("Loop deze punten na voordat u begint, dan weet u wat u nodig heeft en wat u kunt vragen."),
)
KNOWLEDGE = StepText(
    _("Kennis en mensen van scholen en bedrijven"),
    _(
        "Scholen, onderzoekers en andere ondernemers delen hun kennis: met een stage, een opdracht voor "
        "studenten, een cursus of een bezoek. Dit aanbod past bij wat u mist (%(factors)s)."
    ),
)
KNOWLEDGE_SMALL_FIRM = _(
    "Voor een klein bedrijf staan mbo-scholen en korte, concrete vormen bovenaan: daarmee begint u snel."
)
COMMUNITIES = StepText(
    _("Leer samen met andere ondernemers"),
    _(
        "In een leergemeenschap leren ondernemers, scholen en onderzoekers samen en zoeken ze samen naar "
        "oplossingen uit de praktijk. Deze groepen zijn er voor bedrijven in uw regio."
    ),
)
# Ambassadors: entrepreneurs who tell peers how they innovated. Seed 000 r. 2856-2862: firms interested but
# not yet started find inspiration in the names of ambassadors; seed 003 r. 1650: they are the key. Type D
# meets them too (peers who innovate), after its invitation to share and perhaps become one (SHARE).
# Contact only through the loket.
AMBASSADORS = StepText(
    _("Praat met een ondernemer die het al deed"),
    _(
        "Deze ondernemers vertellen graag hoe zij vernieuwden en wat het opleverde. Wilt u met een van hen "
        "praten? Uw innovatieloket brengt u in contact."
    ),
)
REASON_AMBASSADOR_CONTACT = _("contact via het innovatieloket")
# Type D: an invitation to share what the firm knows, through the form that goes to its loket, and the
# kennisbank, to see how others share.
SHARE = StepText(
    _("Deel uw kennis"),
    _(
        "U vernieuwt al. Andere ondernemers kunnen leren van wat u weet, bijvoorbeeld bij een "
        "bedrijfsbezoek, een demonstratie of door mee te denken. Vertel uw innovatieloket wat u wilt delen; "
        "het loket neemt contact met u op."
    ),
)
SHARE_FORM = _("Bied uw kennis aan")
SHARE_KENNISBANK = _("Bekijk de kennisbank: wat scholen en bedrijven delen")

FACTOR_REASONS = {
    F.KENNIS: _(
        "U mist nog kennis voor uw idee: hier vindt u wie u helpt om kennis te vinden en te gebruiken."
    ),
    F.NETWERK: _(
        "U zoekt partners om van uw idee een plan te maken: hier vindt u netwerken en hulp daarbij."
    ),
    F.FINANCIERING: _("U mist nog geld om te vernieuwen: deze regelingen kunnen helpen."),
    F.ARBEID: _("U mist nog mensen met de juiste kennis: hier vindt u hulp bij personeel en opleiding."),
}
# B and C: organisations that help with the factors the firm lacks, and examples of plans like theirs.
HELP_WITH_FACTORS = StepText(
    _("Scholen, kennisinstellingen en samenwerkingen"),
    _("Deze organisaties in uw regio helpen ondernemers met %(factors)s."),
)
EXAMPLES_LIKE_YOUR_PLAN = StepText(
    _("Zo deden andere ondernemers het"),
    _(
        "Deze ondernemers deden iets wat op uw plan lijkt: kijk welke organisaties en regelingen zij "
        "gebruikten."
    ),
)

# --- The table ------------------------------------------------------------------------------------------

S = StepKind

RULES = {
    # A: no interest in innovating yet (phase 0). Inspiration and peers first, then a gentle start.
    Type.A: TypeRules(
        default_factors=(),
        factor_order=(F.KENNIS, F.NETWERK, F.FINANCIERING, F.ARBEID),
        step_order=(
            S.LOKET,
            S.EXAMPLES,
            S.AMBASSADORS,
            S.COMMUNITIES,
            S.ORGANISATIONS,
            S.KNOWLEDGE,
            S.INSTRUMENTS,
            S.CHECKLISTS,
            S.SHARE,
        ),
        sharing_first=True,
        gentle_start=True,
        invite_to_share=False,
        factor_reasons=FACTOR_REASONS,
        organisations=StepText(
            _("Ontmoet andere ondernemers"),
            _("Praten met anderen helpt om te ontdekken wat vernieuwen u kan opleveren."),
        ),
        examples=StepText(
            _("Zo begonnen andere ondernemers"),
            _("Andere ondernemers gingen u voor: laat u inspireren door wat zij deden en wat het opleverde."),
        ),
    ),
    # B: wants to, but lacks knowledge or network (plan phase). Help with the factors first.
    Type.B: TypeRules(
        default_factors=(F.KENNIS, F.NETWERK),
        factor_order=(F.KENNIS, F.NETWERK, F.FINANCIERING, F.ARBEID),
        step_order=(
            S.LOKET,
            S.INSTRUMENTS,
            S.KNOWLEDGE,
            S.ORGANISATIONS,
            S.COMMUNITIES,
            S.EXAMPLES,
            S.AMBASSADORS,
            S.CHECKLISTS,
            S.SHARE,
        ),
        sharing_first=False,
        gentle_start=False,
        invite_to_share=False,
        factor_reasons=FACTOR_REASONS,
        organisations=HELP_WITH_FACTORS,
        examples=EXAMPLES_LIKE_YOUR_PLAN,
    ),
    # C: has a plan, lacks money or people (execution phase). Help with the factors first.
    Type.C: TypeRules(
        default_factors=(F.FINANCIERING, F.ARBEID),
        factor_order=(F.FINANCIERING, F.ARBEID, F.KENNIS, F.NETWERK),
        step_order=(
            S.LOKET,
            S.INSTRUMENTS,
            S.KNOWLEDGE,
            S.ORGANISATIONS,
            S.COMMUNITIES,
            S.EXAMPLES,
            S.AMBASSADORS,
            S.CHECKLISTS,
            S.SHARE,
        ),
        sharing_first=False,
        gentle_start=False,
        invite_to_share=False,
        factor_reasons={
            **FACTOR_REASONS,
            F.FINANCIERING: _(
                "U heeft een plan maar nog geen financiering: deze regelingen helpen u om het plan te "
                "betalen."
            ),
            F.ARBEID: _(
                "U heeft een plan maar nog niet de juiste mensen: hier vindt u hulp bij personeel en "
                "opleiding."
            ),
        },
        organisations=HELP_WITH_FACTORS,
        examples=EXAMPLES_LIKE_YOUR_PLAN,
    ),
    # D: innovates without problems. Sharing and leading others first.
    Type.D: TypeRules(
        default_factors=(F.NETWERK,),
        factor_order=(F.NETWERK, F.KENNIS, F.ARBEID, F.FINANCIERING),
        step_order=(
            S.LOKET,
            S.SHARE,
            S.ORGANISATIONS,
            S.COMMUNITIES,
            S.EXAMPLES,
            S.AMBASSADORS,
            S.KNOWLEDGE,
            S.INSTRUMENTS,
            S.CHECKLISTS,
        ),
        sharing_first=True,
        gentle_start=False,
        invite_to_share=True,
        factor_reasons=FACTOR_REASONS,
        organisations=StepText(
            _("Deel uw kennis en leer van anderen"),
            _(
                "U vernieuwt al: in deze samenwerkingen en learning communities deelt u uw kennis en helpt "
                "u andere ondernemers op weg."
            ),
        ),
        examples=StepText(
            _("Zo deden anderen het"),
            _(
                "Kijk wat anderen deden. Wilt u zelf een voorbeeld zijn voor andere ondernemers? "
                "Vertel het uw loket."
            ),
        ),
    ),
}
