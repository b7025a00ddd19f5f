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


def _answers(profile):
    """{key: answer in words} of `profile`, the type as (code, name)."""
    type_name = (
        EntrepreneurType.objects.filter(code=profile.entrepreneur_type).values_list("name", flat=True).first()
    )
    answers = {"region": profile.region.name, "type": type_name}
    if profile.factors:
        answers["factors"] = ", ".join(str(FactorSlug(f).label).lower() for f in profile.factors)
    if profile.firm_size:
        answers["size"] = FirmSizeSlug(profile.firm_size).label
    if profile.sector:
        answers["sector"] = profile.sector.name
    if profile.ambition:
        answers["ambition"] = dict(Ambition.CHOICES)[profile.ambition]
    return answers


def in_words(profile):
    """The quickscan answers of `profile` as (question, answer) pairs in words, in the active language."""
    answers = _answers(profile)
    labels = {
        "region": _("Regio"),
        "type": _("Uw situatie"),
        "factors": _("U mist"),
        "size": _("Bedrijfsgrootte"),
        "sector": _("Sector"),
        "ambition": _("Wat u wilt"),
    }
    answers["type"] = answers["type"] or profile.entrepreneur_type
    return [(str(labels[key]), str(answer)) for key, answer in answers.items()]


def for_the_loket(profile):
    """The same answers as the loket reads them: (label, answer) pairs, the type A-D as a sentence."""
    answers = _answers(profile)
    labels = {
        "region": _("Regio"),
        "factors": _("Wat het bedrijf mist"),
        "size": _("Grootte"),
        "sector": _("Sector"),
        "ambition": _("Doel"),
        "type": _("Situatie"),
    }
    name = answers.pop("type")
    code = profile.entrepreneur_type
    answers["type"] = (
        _("Type %(code)s: %(name)s.") % {"code": code, "name": name}
        if name
        else _("Type %(code)s.") % {"code": code}
    )
    answers.setdefault("factors", _("niets: het bedrijf mist geen van de vier innovatiefactoren"))
    order = ["region", "factors", "size", "sector", "ambition", "type"]
    return [(str(labels[key]), str(answers[key])) for key in order if key in answers]


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
