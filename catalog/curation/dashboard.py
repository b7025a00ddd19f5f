"""What each editor should review: the records in their scope that need attention (the review dashboard).

One query per kind of record, one for visitor reports and one for the user's groups, whatever the amount of
data; grouping happens in Python. A page shows the first SHOWN of each group (the longest unchecked first) and
links to the admin lists, filtered the same way, for the rest.
"""

import dataclasses

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog import freshness
from catalog.models import (
    Ambassador,
    Checklist,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    OutdatedReport,
    PracticeExample,
    PublicationStatus,
    Region,
    ReportStatus,
)

from . import revisions, roles
from .linkcheck import has_broken_link

# (model, field with the record's name)
REVIEWED_MODELS = [
    (Organisation, "name"),
    (Instrument, "name"),
    (KnowledgeOffer, "name"),
    (LearningCommunity, "name"),
    (Ambassador, "name"),
    (PracticeExample, "title"),
    (Region, "name"),
    (Checklist, "title"),
]

# The field naming the organisation a record belongs to, for the per-organisation summary.
OWNER_FIELD = {
    Instrument: "provider_id",
    KnowledgeOffer: "provider_id",
    LearningCommunity: "contact_id",
    Ambassador: "organisation_id",
}

SHOWN = 50

# Where the rest of a group is: the admin list filtered the same way (see catalog/admin/curation.py).
MORE_FILTERS = {
    "review": "publication_status__exact=review",
    "stale": "verouderd=ja",
    "never": "verouderd=nooit",
    "broken": "link_werkt_niet=ja",
}

GROUPS = [
    ("review", _("Ter review: wacht op uw beoordeling")),
    ("stale", _("Verouderd: langer dan de controletermijn niet nagekeken")),
    ("never", _("Nooit gecontroleerd")),
    ("broken", _("Link werkt niet")),
    ("reports", _("Open meldingen van bezoekers")),
    ("expired", _("Instrument staat open maar de sluitingsdatum is voorbij")),
]


@dataclasses.dataclass
class Item:
    kind: str  # model name, e.g. "instrument"
    kind_label: str
    pk: int
    slug: str
    name: str
    admin_url: str
    last_reviewed: object = None
    publication_status: str = ""
    note: str = ""
    organisation_id: int | None = None  # the organisation the record belongs to, for the summary


@dataclasses.dataclass
class Summary:
    organisation: str
    admin_url: str
    counts: dict


def _records(user, model, name_field, today):
    queryset = roles.editable(user, model.objects.all()).exclude(
        publication_status=PublicationStatus.ARCHIVED
    )
    fields = ["pk", "slug", name_field, "last_reviewed", "publication_status"]
    if model in OWNER_FIELD:
        fields.append(OWNER_FIELD[model])
    if model is Instrument:
        fields += ["closes_on", "expired"]
        expired = Instrument.objects.expired(today).filter(pk=OuterRef("pk"))
        queryset = queryset.annotate(expired=Exists(expired))
    return (
        queryset.annotate(broken_link=has_broken_link(model))
        .order_by(name_field)
        .values(*fields, "broken_link")
    )


def review_items(user, today=None):
    """{group: [Item, ...]} for the records `user` may edit, plus a per-organisation summary when asked."""
    today = today or timezone.localdate()
    cutoff = freshness.stale_cutoff(today)
    groups = {key: [] for key, _label in GROUPS}
    in_scope = {}
    reviewer = roles.can_publish(user)  # within their scope, a publisher reviews (roles.may_approve)
    for model, name_field in REVIEWED_MODELS:
        kind = model._meta.model_name
        for row in _records(user, model, name_field, today):
            item = Item(
                kind=kind,
                kind_label=model._meta.verbose_name,
                pk=row["pk"],
                slug=row["slug"],
                name=row[name_field],
                admin_url=reverse(f"admin:catalog_{kind}_change", args=[row["pk"]]),
                last_reviewed=row["last_reviewed"],
                publication_status=row["publication_status"],
                organisation_id=row[OWNER_FIELD[model]] if model in OWNER_FIELD else None,
            )
            if model is Organisation:
                item.organisation_id = row["pk"]
            in_scope[kind, row["slug"]] = item
            if reviewer and row["publication_status"] == PublicationStatus.REVIEW:
                groups["review"].append(item)
            if row["last_reviewed"] is None:
                groups["never"].append(item)
            elif row["last_reviewed"] < cutoff:
                groups["stale"].append(item)
            if row["broken_link"]:
                groups["broken"].append(item)
            if row.get("expired"):
                groups["expired"].append(dataclasses.replace(item, note=row["closes_on"]))
    open_reports = OutdatedReport.objects.exclude(status=ReportStatus.AFGEHANDELD).values_list(
        "record_kind", "record_slug", "created_at"
    )
    for kind, slug, created_at in open_reports.order_by("created_at"):
        item = in_scope.get((kind, slug))
        if item is not None:
            groups["reports"].append(dataclasses.replace(item, note=created_at))
    groups["stale"].sort(key=lambda item: item.last_reviewed)
    return groups


@dataclasses.dataclass
class Waiting:
    """An editor's change to a published record that waits for the user's review."""

    kind: str
    kind_label: str
    pk: int
    name: str
    url: str
    author: str
    created_at: object


def waiting_revisions(user):
    """[Waiting, ...] for the revisions `user` reviews, oldest first (one query; content types are cached)."""
    waiting = []
    for revision in revisions.awaiting(user):
        meta = ContentType.objects.get_for_id(revision.content_type_id).model_class()._meta
        waiting.append(
            Waiting(
                kind=meta.model_name,
                kind_label=meta.verbose_name,
                pk=revision.pk,
                name=revision.record_name,
                url=reverse("admin_revision", args=[revision.pk]),
                author=revisions.display_name(revision.author),
                created_at=revision.created_at,
            )
        )
    return waiting


def counts_per_kind(items):
    """[(kind label, count)] in the order of REVIEWED_MODELS, kinds without items left out."""
    counts = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return [
        (model._meta.verbose_name_plural if counts[kind] > 1 else model._meta.verbose_name, counts[kind])
        for model, _name in REVIEWED_MODELS
        if (kind := model._meta.model_name) in counts
    ]


def page_groups(groups):
    """[(key, label, the first SHOWN items, how many in all, where to see the rest)] for the page."""
    return [
        (key, label, groups[key][:SHOWN], len(groups[key]), more_links(key, groups[key]))
        for key, label in GROUPS
    ]


def more_links(key, items):
    """[(kind label, admin list url)] for a group with more than SHOWN items: where to see all of them."""
    if len(items) <= SHOWN or key not in MORE_FILTERS:
        return []
    kinds = dict.fromkeys((item.kind, item.kind_label) for item in items)
    return [
        (label, f"{reverse(f'admin:catalog_{kind}_changelist')}?{MORE_FILTERS[key]}") for kind, label in kinds
    ]


def organisation_summary(groups):
    """Per organisation (itself, the instruments and knowledge offers it provides, the learning communities
    it is the contact of): how many records need attention."""
    totals = {}
    for key, items in groups.items():
        for item in items:
            if item.organisation_id is None:
                continue
            counts = totals.setdefault(item.organisation_id, dict.fromkeys(groups, 0))
            counts[key] += 1
    names = dict(Organisation.objects.filter(pk__in=totals).values_list("pk", "name"))
    summary = [
        Summary(names[pk], reverse("admin:catalog_organisation_change", args=[pk]), counts)
        for pk, counts in totals.items()
        if pk in names
    ]
    summary.sort(key=lambda row: (-sum(row.counts.values()), row.organisation))
    return summary
