"""The profile of an entrepreneur: what the quickscan establishes and the route is computed from.

A profile lives in the query string only (`/route/?regio=twente&type=B&factor=kennis&factor=netwerk`), so a
route can be bookmarked, shared and printed, and nothing about the visitor is stored.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.validators import slug_re
from django.utils.translation import gettext_lazy as _

from catalog.models import (
    EntrepreneurType,
    EntrepreneurTypeCode,
    FactorSlug,
    FirmSizeSlug,
    Region,
    Theme,
)
from catalog.selectors import firm_regions


class Ambition:
    IMPROVE = "verbeteren"
    NEW = "nieuw"
    CHOICES = [(IMPROVE, _("Verbeteren wat er al is")), (NEW, _("Iets nieuws ontwikkelen"))]


@dataclass(frozen=True)
class Profile:
    region: Region
    entrepreneur_type: str  # "A".."D"
    factors: tuple[str, ...]  # the innovation factors the firm lacks, in the fixed order of FactorSlug
    firm_size: str = ""  # "" or a FirmSizeSlug value
    sector: Theme | None = None
    ambition: str = ""  # "" or an Ambition value

    def query_string(self):
        """The profile as the query string of its route page."""
        pairs = [("regio", self.region.slug), ("type", self.entrepreneur_type)]
        pairs += [("factor", factor) for factor in self.factors]
        if self.firm_size:
            pairs.append(("grootte", self.firm_size))
        if self.sector:
            pairs.append(("sector", self.sector.slug))
        if self.ambition:
            pairs.append(("doel", self.ambition))
        return urlencode(pairs)


def in_words(profile):
    """The quickscan answers of `profile` as (question, answer) pairs in words, in the active language."""
    type_name = (
        EntrepreneurType.objects.filter(code=profile.entrepreneur_type).values_list("name", flat=True).first()
    )
    pairs = [(_("Regio"), profile.region.name), (_("Uw situatie"), type_name or profile.entrepreneur_type)]
    if profile.factors:
        pairs.append((_("U mist"), ", ".join(str(FactorSlug(f).label).lower() for f in profile.factors)))
    if profile.firm_size:
        pairs.append((_("Bedrijfsgrootte"), FirmSizeSlug(profile.firm_size).label))
    if profile.sector:
        pairs.append((_("Sector"), profile.sector.name))
    if profile.ambition:
        pairs.append((_("Wat u wilt"), dict(Ambition.CHOICES)[profile.ambition]))
    return [(str(question), str(answer)) for question, answer in pairs]


def route_regions():
    """The regions a firm can say it is in (defined in `catalog.selectors.firm_regions`)."""
    return firm_regions()


def is_slug(value):
    """Whether `value` can be a slug at all; anything else (a NUL byte, other control characters, spaces) is
    unknown without asking the database, which would refuse a NUL (PostgreSQL)."""
    return bool(slug_re.fullmatch(value))


def parse_profile(query):
    """(Profile, {}) for a complete and valid query string, else (None, {parameter: message})."""
    errors = {}
    region = None
    region_slug = query.get("regio", "")
    if not region_slug:
        errors["regio"] = _("Kies uw regio of gemeente.")
    else:
        region = route_regions().filter(slug=region_slug).first() if is_slug(region_slug) else None
        if region is None:
            errors["regio"] = _("Deze regio kennen we niet. Kies een regio of gemeente in Overijssel.")
    entrepreneur_type = query.get("type", "")
    if entrepreneur_type not in EntrepreneurTypeCode.values:
        errors["type"] = _("Beantwoord de vragen over uw plannen, dan weten we welke route bij u past.")
    factors = query.getlist("factor")
    if any(factor not in FactorSlug.values for factor in factors):
        errors["factor"] = _("Kies uit kennis, netwerk, financiering en arbeid.")
    firm_size = query.get("grootte", "")
    if firm_size and firm_size not in FirmSizeSlug.values:
        errors["grootte"] = _("Kies een bedrijfsgrootte uit de lijst.")
    sector = None
    if query.get("sector"):
        sector = Theme.objects.filter(slug=query["sector"]).first() if is_slug(query["sector"]) else None
        if sector is None:
            errors["sector"] = _("Deze sector kennen we niet.")
    ambition = query.get("doel", "")
    if ambition and ambition not in (Ambition.IMPROVE, Ambition.NEW):
        errors["doel"] = _("Kies verbeteren of iets nieuws.")
    if errors:
        return None, errors
    ordered = tuple(factor for factor in FactorSlug.values if factor in factors)
    return Profile(region, entrepreneur_type, ordered, firm_size, sector, ambition), {}
