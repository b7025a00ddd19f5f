"""Load the reviewed starting content (fixtures/*.yaml) into the database.

The YAML format is described in fixtures/README.md. `read_portal_data` merges and validates the files and
reports every problem at once; `load_portal_data` then writes everything in one transaction, creating or
updating records by slug, so a second run changes nothing.
"""

import datetime
import re
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from . import history
from .models import (
    EXAMPLE_INFERABLE,
    INFERABLE,
    KNOWLEDGE_INFERABLE,
    Ambassador,
    Checklist,
    ChecklistItem,
    Document,
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    Organisation,
    Phase,
    PracticeExample,
    PublicationStatus,
    Region,
    Scope,
    SearchSynonym,
    Source,
    Theme,
    Typology,
    TypologyCategory,
)
from .regions import rebuild_lineage
from .search_index import rebuild_index
from .validators import valid_phone

SECTIONS = [
    "documents",
    "phases",
    "factors",
    "entrepreneur_types",
    "firm_sizes",
    "typologies",
    "themes",
    "regions",
    "organisations",
    "memberships",
    "instruments",
    "practice_examples",
    "knowledge_offers",
    "learning_communities",
    "ambassadors",
    "checklists",
    "search_synonyms",
]
IGNORED_SECTIONS = {"missing"}
LINES = re.compile(r"^(\d+)(?:-(\d+))?$")


class PortalDataError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_portal_data(directory):
    """Merge all YAML files in `directory` into one dict of sections, validated."""
    data = defaultdict(list)
    origin = {}
    problems = []
    paths = sorted(Path(directory).glob("*.yaml"))
    if not paths:
        raise PortalDataError([f"No YAML files in {directory}"])
    for path in paths:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, records in content.items():
            if section in IGNORED_SECTIONS:
                continue
            if section not in SECTIONS:
                problems.append(f"{path.name}: unknown section '{section}'")
                continue
            for record in records or []:
                origin[id(record)] = path.name
                data[section].append(record)
    problems += _Validator(data, origin).problems
    if problems:
        raise PortalDataError(problems)
    return dict(data)


class _Validator:
    def __init__(self, data, origin):
        self.data, self.origin, self.problems = data, origin, []
        self.documents = {d.get("code"): d for d in data.get("documents", [])}
        key = {"documents": "code", "entrepreneur_types": "code"}
        self.keys = {}
        for section in SECTIONS:
            if section == "memberships":
                continue
            field = key.get(section, "slug")
            seen = set()
            for record in data.get(section, []):
                value = record.get(field)
                if not value:
                    self.fail(section, record, f"has no {field}")
                elif value in seen:
                    self.fail(section, record, f"duplicate {field} '{value}'")
                seen.add(value)
            self.keys[section] = seen
        self.check_all()

    def fail(self, section, record, message):
        name = record.get("slug") or record.get("code") or record.get("collaboration") or "?"
        self.problems.append(f"{self.origin.get(id(record), '?')}: {section} '{name}': {message}")

    def refs(self, section, record, field, target, *, required=False, many=True):
        values = record.get(field)
        if values in (None, [], ""):
            if required:
                self.fail(section, record, f"needs {field}")
            return
        for value in values if many else [values]:
            if value not in self.keys[target]:
                self.fail(section, record, f"{field}: unknown {target} '{value}'")

    def choice(self, section, record, field, choices, *, required=True):
        value = record.get(field)
        if value in (None, ""):
            if required:
                self.fail(section, record, f"needs {field}")
        elif value not in choices.values:
            self.fail(section, record, f"{field} '{value}' is not one of {', '.join(choices.values)}")

    def text(self, section, record, *fields):
        for field in fields:
            if not str(record.get(field) or "").strip():
                self.fail(section, record, f"needs {field}")

    def lengths(self, section, record, model, *fields):
        """Texts that fit their column (the model's max_length)."""
        for field in fields:
            limit = model._meta.get_field(field).max_length
            if len(_one_line(record.get(field) or "")) > limit:
                self.fail(section, record, f"{field} is longer than {limit} characters")

    def dates(self, section, record, *fields):
        for field in fields:
            value = record.get(field)
            if value is not None and not isinstance(value, datetime.date):
                self.fail(section, record, f"{field} '{value}' is not a date (YYYY-MM-DD)")

    def sources(self, section, record, *, required=True):
        sources = record.get("sources") or []
        if required and not sources:
            self.fail(section, record, "has no sources")
        for source in sources:
            if "url" in source:
                if not source.get("retrieved"):
                    self.fail(section, record, f"source {source['url']} needs a retrieved date")
                continue
            document = self.documents.get(str(source.get("file")))
            match = LINES.match(str(source.get("lines", "")).replace(" ", "").replace("–", "-"))
            if document is None:
                self.fail(section, record, f"source cites unknown file {source.get('file')!r}")
            elif not match:
                self.fail(section, record, f"source lines {source.get('lines')!r} are not 'N' or 'N-M'")
            else:
                start, end = int(match[1]), int(match[2] or match[1])
                count = document.get("line_count") or end
                if not 1 <= start <= end <= count:
                    self.fail(section, record, f"source lines {start}-{end} fall outside {document['code']}")

    def check_all(self):
        for record in self.data.get("documents", []):
            self.text("documents", record, "title")
            self.dates("documents", record, "published_on")
        for record in self.data.get("phases", []):
            self.text("phases", record, "name")
            self.sources("phases", record)
        for record in self.data.get("factors", []):
            self.choice("factors", record, "slug", Factor.Slug)
            self.refs("factors", record, "phase", "phases", required=True, many=False)
            self.sources("factors", record)
        for record in self.data.get("entrepreneur_types", []):
            self.choice("entrepreneur_types", record, "code", EntrepreneurType.Code)
            self.text("entrepreneur_types", record, "name", "definition")
            self.sources("entrepreneur_types", record)
        for record in self.data.get("firm_sizes", []):
            self.choice("firm_sizes", record, "slug", FirmSize.Slug)
            self.sources("firm_sizes", record, required=False)
        for record in self.data.get("typologies", []):
            self.text("typologies", record, "name")
            self.sources("typologies", record)
            slugs = [c.get("slug") for c in record.get("categories") or []]
            if not slugs or len(set(slugs)) != len(slugs) or None in slugs:
                self.fail("typologies", record, "needs categories with unique slugs")
            for category in record.get("categories") or []:
                self.refs("typologies", category, "entrepreneur_types", "entrepreneur_types")
                self.sources("typologies", category, required=False)
        for record in self.data.get("themes", []):
            self.text("themes", record, "name")
            self.sources("themes", record)
        self.check_regions()
        for record in self.data.get("organisations", []):
            self.check_organisation(record)
        for record in self.data.get("memberships", []):
            self.refs("memberships", record, "collaboration", "organisations", required=True, many=False)
            self.refs("memberships", record, "member", "organisations", required=True, many=False)
            self.choice("memberships", record, "role", Membership.Role)
            if record.get("collaboration") == record.get("member"):
                self.fail("memberships", record, "an organisation cannot be a member of itself")
            self.sources("memberships", record)
        pairs = [(m.get("collaboration"), m.get("member")) for m in self.data.get("memberships", [])]
        for pair in {p for p in pairs if pairs.count(p) > 1}:
            self.problems.append(f"memberships: {pair[1]} in {pair[0]} is listed twice")
        for record in self.data.get("instruments", []):
            self.check_instrument(record)
        for record in self.data.get("practice_examples", []):
            self.check_practice_example(record)
        for record in self.data.get("knowledge_offers", []):
            self.check_knowledge_offer(record)
        for record in self.data.get("learning_communities", []):
            self.check_learning_community(record)
        for record in self.data.get("ambassadors", []):
            self.check_ambassador(record)
        for record in self.data.get("checklists", []):
            self.check_checklist(record)
        for record in self.data.get("search_synonyms", []):
            words = record.get("words")
            if (
                not isinstance(words, list)
                or len(words) < 2
                or not all(isinstance(w, str) and w for w in words)
            ):
                self.fail("search_synonyms", record, "needs a list of at least two words")

    def check_regions(self):
        regions = {r.get("slug"): r for r in self.data.get("regions", [])}
        for record in regions.values():
            self.text("regions", record, "name")
            self.choice("regions", record, "scope", Scope)
            self.refs("regions", record, "parents", "regions")
            self.sources("regions", record)
            if record.get("scope") != Scope.EUROPA and not record.get("parents"):
                self.fail("regions", record, "needs parents (only europa has none)")
            if record.get("scope") not in Scope.values:
                continue
            for parent in record.get("parents") or []:
                parent_scope = regions.get(parent, {}).get("scope")
                if parent_scope in Scope.values and Scope.rank(parent_scope) >= Scope.rank(record["scope"]):
                    self.fail("regions", record, f"parent '{parent}' is not a broader scope")

    def check_organisation(self, record):
        section = "organisations"
        self.text(section, record, "name", "description")
        self.choice(section, record, "kind", Organisation.Kind)
        self.choice(section, record, "level", Organisation.Level, required=False)
        self.choice(section, record, "collaboration_form", Organisation.CollaborationForm, required=False)
        if record.get("level") and record.get("kind") != Organisation.Kind.KENNISINSTELLING:
            self.fail(section, record, "level is only for kind kennisinstelling")
        if record.get("collaboration_form") and record.get("kind") != Organisation.Kind.SAMENWERKING:
            self.fail(section, record, "collaboration_form is only for kind samenwerking")
        self.refs(section, record, "regions", "regions")
        self.refs(section, record, "factors", "factors")
        self.refs(section, record, "entrepreneur_types", "entrepreneur_types")
        self.refs(section, record, "themes", "themes")
        self.sources(section, record)
        self.contact(section, record)

    def contact(self, section, record):
        """The contact fields pass the model's validators (a phone number in digits, an e-mail, URLs)."""
        checks = {
            "email": EmailValidator(),
            "phone": valid_phone,
            "website": URLValidator(),
            "contact_url": URLValidator(),
        }
        for field, check in checks.items():
            if record.get(field):
                try:
                    check(str(record[field]))
                except ValidationError:
                    self.fail(section, record, f"{field} '{record[field]}' is not valid")

    def check_instrument(self, record):
        section = "instruments"
        self.text(section, record, "name", "description")
        self.choice(section, record, "kind", Instrument.Kind)
        self.choice(section, record, "status", Instrument.Status)
        self.inferred(section, record, INFERABLE)
        self.refs(section, record, "provider", "organisations", required=True, many=False)
        self.refs(section, record, "other_providers", "organisations")
        if record.get("provider") in (record.get("other_providers") or []):
            self.fail(section, record, "other_providers repeats the provider")
        self.refs(section, record, "regions", "regions", required=True)
        self.refs(section, record, "factors", "factors", required=True)
        self.refs(section, record, "phases", "phases")
        self.refs(section, record, "entrepreneur_types", "entrepreneur_types")
        self.refs(section, record, "firm_sizes", "firm_sizes")
        self.refs(section, record, "themes", "themes")
        self.refs(section, record, "next_steps", "instruments")
        if not isinstance(record.get("firms_can_apply", True), bool):
            self.fail(section, record, "firms_can_apply must be true or false")
        if record.get("slug") in (record.get("next_steps") or []):
            self.fail(section, record, "cannot be its own next step")
        self.dates(section, record, "opens_on", "closes_on")
        opens, closes = record.get("opens_on"), record.get("closes_on")
        if isinstance(opens, datetime.date) and isinstance(closes, datetime.date) and closes < opens:
            self.fail(section, record, "closes before it opens")
        low, high = record.get("amount_min"), record.get("amount_max")
        for field, value in (("amount_min", low), ("amount_max", high)):
            if value is not None and (not isinstance(value, int) or value < 0):
                self.fail(section, record, f"{field} must be a whole number of euros")
        if isinstance(low, int) and isinstance(high, int) and high < low:
            self.fail(section, record, "amount_max is below amount_min")
        self.sources(section, record)

    def check_practice_example(self, record):
        section = "practice_examples"
        self.text(section, record, "title", "summary", "what_they_did")
        self.choice(section, record, "collection", PracticeExample.Collection)
        self.refs(section, record, "organisations", "organisations", required=True)
        self.refs(section, record, "partners", "organisations")
        self.refs(section, record, "instruments", "instruments")
        self.refs(section, record, "region", "regions", required=True, many=False)
        self.refs(section, record, "other_regions", "regions")
        if record.get("region") in (record.get("other_regions") or []):
            self.fail(section, record, "other_regions repeats the region")
        self.refs(section, record, "themes", "themes")
        self.refs(section, record, "factors", "factors", required=True)
        self.refs(section, record, "entrepreneur_types", "entrepreneur_types")
        self.inferred(section, record, EXAMPLE_INFERABLE)
        self.sources(section, record)

    def check_knowledge_offer(self, record):
        section = "knowledge_offers"
        self.text(section, record, "name", "summary")
        self.lengths(section, record, KnowledgeOffer, "name", "summary", "starts")
        self.refs(section, record, "provider", "organisations", required=True, many=False)
        self.choice(section, record, "form", KnowledgeOffer.Form)
        self.choice(section, record, "level", KnowledgeOffer.Level, required=False)
        self.choice(section, record, "aim", KnowledgeOffer.Aim, required=False)
        self.choice(section, record, "duration", KnowledgeOffer.Duration, required=False)
        self.refs(section, record, "regions", "regions")
        self.refs(section, record, "factors", "factors")
        self.refs(section, record, "themes", "themes")
        self.inferred(section, record, KNOWLEDGE_INFERABLE)
        self.website(section, record)
        self.sources(section, record)

    def check_learning_community(self, record):
        section = "learning_communities"
        self.text(section, record, "name", "theme", "summary")
        self.lengths(
            section, record, LearningCommunity, "name", "theme", "summary", "rhythm", "meeting_place"
        )
        self.refs(section, record, "contact", "organisations", required=True, many=False)
        self.refs(section, record, "participants", "organisations")
        self.refs(section, record, "regions", "regions")
        self.refs(section, record, "factors", "factors")
        self.refs(section, record, "themes", "themes")
        self.choice(section, record, "status", LearningCommunity.Status, required=False)
        self.website(section, record)
        self.sources(section, record)

    def check_ambassador(self, record):
        section = "ambassadors"
        self.text(section, record, "name", "summary")
        self.lengths(section, record, Ambassador, "name", "role", "company", "programme")
        self.refs(section, record, "organisation", "organisations", many=False)
        self.refs(section, record, "programme_example", "practice_examples", many=False)
        self.refs(section, record, "regions", "regions")
        self.refs(section, record, "factors", "factors")
        self.refs(section, record, "themes", "themes")
        for field in ("email", "phone", "photo"):  # contact goes through the loket only
            if record.get(field):
                self.fail(section, record, f"has {field}: an ambassador is reached through the loket only")
        self.sources(section, record)

    def website(self, section, record):
        if record.get("website"):
            try:
                URLValidator()(str(record["website"]))
            except ValidationError:
                self.fail(section, record, f"website '{record['website']}' is not valid")

    def inferred(self, section, record, allowed):
        inferred = record.get("inferred") or []
        if not isinstance(inferred, list) or not set(inferred) <= set(allowed):
            self.fail(section, record, f"inferred must be a list of {', '.join(allowed)}")

    def check_checklist(self, record):
        section = "checklists"
        self.text(section, record, "title")
        self.refs(section, record, "factors", "factors")
        items = record.get("items")
        if not items or not isinstance(items, list) or not all(str(item or "").strip() for item in items):
            self.fail(section, record, "needs a list of items, none empty")
        self.sources(section, record)


# --- Writing ---------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, data):
        self.data = data
        self.documents = {}
        self.sources = {}
        self.dates_by_document = {d["code"]: d.get("published_on") for d in data.get("documents", [])}

    def source_objects(self, record):
        result = []
        for source in record.get("sources") or []:
            if "url" in source:
                key = ("url", source["url"], source["retrieved"])
                if key not in self.sources:
                    self.sources[key], _ = Source.objects.get_or_create(
                        url=source["url"], retrieved_on=source["retrieved"], document=None
                    )
            else:
                match = LINES.match(str(source["lines"]).replace(" ", "").replace("–", "-"))
                start, end = int(match[1]), int(match[2] or match[1])
                key = (str(source["file"]), start, end)
                if key not in self.sources:
                    self.sources[key], _ = Source.objects.get_or_create(
                        document=self.documents[str(source["file"])], line_start=start, line_end=end
                    )
            result.append(self.sources[key])
        return result

    def last_reviewed(self, record):
        """The newest date of the documents the record cites: the moment its facts were last checked."""
        dates = [
            self.dates_by_document.get(str(s.get("file"))) for s in record.get("sources") or [] if "file" in s
        ]
        dates += [s["retrieved"] for s in record.get("sources") or [] if "retrieved" in s]
        dates = [d for d in dates if d]
        return max(dates) if dates else None

    def public(self, record):
        return {
            "publication_status": PublicationStatus.PUBLISHED,
            "last_reviewed": self.last_reviewed(record),
            "internal_note": _text(record, "internal_note"),
        }

    def write(self):
        """Write every section in the order their relations need: each section keeps its records by slug."""
        self.write_documents()
        self.write_vocabularies()
        self.write_typologies()
        self.write_regions()
        self.write_organisations()
        self.write_instruments()
        self.write_practice_examples()
        self.write_knowledge_offers()
        self.write_learning_communities()
        self.write_ambassadors()
        self.write_checklists()
        self.write_search_synonyms()
        rebuild_index()

    def write_documents(self):
        for record in self.data.get("documents", []):
            self.documents[record["code"]], _ = Document.objects.update_or_create(
                code=record["code"],
                defaults={
                    "file_name": record.get("file") or "",
                    "title": record["title"],
                    "publisher": record.get("publisher") or "",
                    "published_on": record.get("published_on"),
                    "line_count": record.get("line_count"),
                },
            )

    def write_vocabularies(self):
        data = self.data
        self.phases = {}
        for order, record in enumerate(data.get("phases", [])):
            self.phases[record["slug"]] = self.simple(
                Phase, record, name=record["name"], description=_text(record, "description"), order=order
            )
        self.factors = {}
        for order, record in enumerate(data.get("factors", [])):
            self.factors[record["slug"]] = self.simple(
                Factor,
                record,
                name=record.get("name") or record["slug"].capitalize(),
                phase=self.phases[record["phase"]],
                description=_text(record, "description"),
                order=order,
            )
        self.types = {}
        for record in data.get("entrepreneur_types", []):
            obj, _ = EntrepreneurType.objects.update_or_create(
                code=record["code"],
                defaults={"name": record["name"], "definition": _text(record, "definition")},
            )
            obj.sources.set(self.source_objects(record))
            self.types[record["code"]] = obj
        self.sizes = {}
        for order, record in enumerate(data.get("firm_sizes", [])):
            self.sizes[record["slug"]] = self.simple(
                FirmSize,
                record,
                name=record.get("name") or record["slug"],
                description=_text(record, "description"),
                order=order,
            )
        self.themes = {
            record["slug"]: self.simple(Theme, record, name=record["name"])
            for record in data.get("themes", [])
        }

    def write_typologies(self):
        """Other ways the seeds sort entrepreneurs, each category mapped onto the types A-D."""
        for record in self.data.get("typologies", []):
            typology = self.simple(
                Typology, record, name=record["name"], description=_text(record, "description")
            )
            keep = []
            for order, item in enumerate(record["categories"]):
                category, _ = TypologyCategory.objects.update_or_create(
                    typology=typology,
                    slug=item["slug"],
                    defaults={"name": item["name"], "definition": _text(item, "definition"), "order": order},
                )
                category.entrepreneur_types.set(self.types[c] for c in item.get("entrepreneur_types") or [])
                category.sources.set(self.source_objects(item) or self.source_objects(record))
                keep.append(category.pk)
            typology.categories.exclude(pk__in=keep).delete()

    def write_regions(self):
        self.regions = {}
        for record in self.data.get("regions", []):
            self.regions[record["slug"]] = self.public_record(
                Region, record, name=record["name"], scope=record["scope"]
            )
        for record in self.data.get("regions", []):
            self.regions[record["slug"]].parents.set(self.regions[p] for p in record.get("parents") or [])
        rebuild_lineage()

    def write_organisations(self):
        self.organisations = {}
        for record in self.data.get("organisations", []):
            org = self.public_record(
                Organisation,
                record,
                name=record["name"],
                kind=record["kind"],
                level=record.get("level") or "",
                collaboration_form=record.get("collaboration_form") or "",
                place=record.get("place") or "",
                website=record.get("website") or "",
                email=record.get("email") or "",
                phone=record.get("phone") or "",
                visiting_address=_one_line(record.get("visiting_address") or ""),
                contact_url=record.get("contact_url") or "",
                description=_text(record, "description"),
            )
            org.regions.set(self.regions[s] for s in record.get("regions") or [])
            org.factors.set(self.factors[s] for s in record.get("factors") or [])
            org.entrepreneur_types.set(self.types[s] for s in record.get("entrepreneur_types") or [])
            org.themes.set(self.themes[s] for s in record.get("themes") or [])
            self.organisations[record["slug"]] = org
        for record in self.data.get("memberships", []):
            membership, _ = Membership.objects.update_or_create(
                collaboration=self.organisations[record["collaboration"]],
                member=self.organisations[record["member"]],
                defaults={"role": record["role"]},
            )
            membership.sources.set(self.source_objects(record))

    def write_instruments(self):
        self.instruments = {}
        for record in self.data.get("instruments", []):
            instrument = self.public_record(
                Instrument,
                record,
                name=record["name"],
                kind=record["kind"],
                provider=self.organisations[record["provider"]],
                status=record["status"],
                status_note=record.get("status_note") or "",
                opens_on=record.get("opens_on"),
                closes_on=record.get("closes_on"),
                amount_min=record.get("amount_min"),
                amount_max=record.get("amount_max"),
                amount_note=record.get("amount_note") or "",
                inferred=list(record.get("inferred") or []),
                website=record.get("website") or "",
                firms_can_apply=record.get("firms_can_apply", True),
                description=_text(record, "description"),
            )
            instrument.other_providers.set(self.organisations[s] for s in record.get("other_providers") or [])
            instrument.regions.set(self.regions[s] for s in record["regions"])
            instrument.factors.set(self.factors[s] for s in record["factors"])
            instrument.phases.set(self.phases[s] for s in record.get("phases") or [])
            instrument.entrepreneur_types.set(self.types[s] for s in record.get("entrepreneur_types") or [])
            instrument.firm_sizes.set(self.sizes[s] for s in record.get("firm_sizes") or [])
            instrument.themes.set(self.themes[s] for s in record.get("themes") or [])
            self.instruments[record["slug"]] = instrument
        for record in self.data.get("instruments", []):
            following = (self.instruments[s] for s in record.get("next_steps") or [])
            self.instruments[record["slug"]].next_steps.set(following)

    def write_practice_examples(self):
        for record in self.data.get("practice_examples", []):
            example = self.public_record(
                PracticeExample,
                record,
                title=record["title"],
                collection=record["collection"],
                region=self.regions[record["region"]],
                place=record.get("place") or "",
                period=str(record.get("period") or ""),
                summary=_text(record, "summary"),
                what_they_did=_text(record, "what_they_did"),
                results=_text(record, "results"),
                active_ingredients="\n".join(_one_line(x) for x in record.get("active_ingredients") or []),
                lessons="\n".join(_one_line(x) for x in record.get("lessons") or []),
                partners_note=_text(record, "partners_note"),
                inferred=list(record.get("inferred") or []),
            )
            example.other_regions.set(self.regions[s] for s in record.get("other_regions") or [])
            example.organisations.set(self.organisations[s] for s in record["organisations"])
            example.partners.set(self.organisations[s] for s in record.get("partners") or [])
            example.instruments.set(self.instruments[s] for s in record.get("instruments") or [])
            example.themes.set(self.themes[s] for s in record.get("themes") or [])
            example.factors.set(self.factors[s] for s in record["factors"])
            example.entrepreneur_types.set(self.types[s] for s in record.get("entrepreneur_types") or [])

    def write_knowledge_offers(self):
        for record in self.data.get("knowledge_offers", []):
            offer = self.public_record(
                KnowledgeOffer,
                record,
                name=_one_line(record["name"]),
                provider=self.organisations[record["provider"]],
                form=record["form"],
                level=record.get("level") or "",
                aim=record.get("aim") or "",
                duration=record.get("duration") or "",
                summary=_one_line(record["summary"]),
                description=_text(record, "description"),
                starts=_one_line(record.get("starts") or ""),
                how_to_start=_text(record, "how_to_start"),
                website=record.get("website") or "",
                inferred=list(record.get("inferred") or []),
            )
            offer.regions.set(self.regions[s] for s in record.get("regions") or [])
            offer.factors.set(self.factors[s] for s in record.get("factors") or [])
            offer.themes.set(self.themes[s] for s in record.get("themes") or [])

    def write_learning_communities(self):
        for record in self.data.get("learning_communities", []):
            community = self.public_record(
                LearningCommunity,
                record,
                name=_one_line(record["name"]),
                theme=_one_line(record["theme"]),
                contact=self.organisations[record["contact"]],
                participants_note=_text(record, "participants_note"),
                status=record.get("status") or LearningCommunity.Status.ONBEKEND,
                rhythm=_one_line(record.get("rhythm") or ""),
                meeting_place=_one_line(record.get("meeting_place") or ""),
                how_to_join=_text(record, "how_to_join"),
                summary=_one_line(record["summary"]),
                description=_text(record, "description"),
                website=record.get("website") or "",
            )
            community.participants.set(self.organisations[s] for s in record.get("participants") or [])
            community.regions.set(self.regions[s] for s in record.get("regions") or [])
            community.factors.set(self.factors[s] for s in record.get("factors") or [])
            community.themes.set(self.themes[s] for s in record.get("themes") or [])

    def write_ambassadors(self):
        examples = {e.slug: e for e in PracticeExample.objects.all()}
        for record in self.data.get("ambassadors", []):
            organisation, example = record.get("organisation"), record.get("programme_example")
            ambassador = self.public_record(
                Ambassador,
                record,
                name=_one_line(record["name"]),
                role=_one_line(record.get("role") or ""),
                company=_one_line(record.get("company") or ""),
                organisation=self.organisations[organisation] if organisation else None,
                programme=_one_line(record.get("programme") or ""),
                programme_example=examples[example] if example else None,
                summary=_text(record, "summary"),
                talks_about=_text(record, "talks_about"),
            )
            ambassador.regions.set(self.regions[s] for s in record.get("regions") or [])
            ambassador.factors.set(self.factors[s] for s in record.get("factors") or [])
            ambassador.themes.set(self.themes[s] for s in record.get("themes") or [])

    def write_checklists(self):
        for order, record in enumerate(self.data.get("checklists", [])):
            checklist = self.public_record(
                Checklist, record, title=record["title"], intro=_text(record, "intro"), order=order
            )
            checklist.factors.set(self.factors[s] for s in record.get("factors") or [])
            for position, text in enumerate(record["items"]):
                ChecklistItem.objects.update_or_create(
                    checklist=checklist, order=position, defaults={"text": _one_line(text)}
                )
            checklist.items.filter(order__gte=len(record["items"])).delete()

    def write_search_synonyms(self):
        for record in self.data.get("search_synonyms", []):
            SearchSynonym.objects.update_or_create(
                key=record["slug"], defaults={"words": ", ".join(_one_line(word) for word in record["words"])}
            )

    def simple(self, model, record, **fields):
        obj, _ = model.objects.update_or_create(slug=record["slug"], defaults=fields)
        obj.sources.set(self.source_objects(record))
        return obj

    def public_record(self, model, record, **fields):
        return self.simple(model, record, **fields, **self.public(record))


def _text(record, field):
    """The field's text with spacing normalised; blank lines between paragraphs are kept."""
    paragraphs = re.split(r"\n\s*\n", str(record.get(field) or "").strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _one_line(value):
    return " ".join(str(value).split())


@contextmanager
def _history_paused():
    """The loader writes seed data: no history entry per save (django-simple-history reads this setting)."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def _start_history():
    """One "created" history entry for each record that has none yet, so the admin's history starts there."""
    for model in apps.get_app_config("catalog").get_models():
        if history.has_history(model):
            history.start(model, reason="load_portal_data")


@transaction.atomic
def load_portal_data(directory):
    data = read_portal_data(directory)
    with _history_paused():
        _Writer(data).write()
    _start_history()
    return {section: len(data.get(section, [])) for section in SECTIONS}
