"""Sets of records as bitmaps: lists, counts and the route's candidates cost about the same at any size.

Each model's records get positions 0..n-1 in the model's default order (`Meta.ordering`, then pk), and a set
of records is a Roaring bitmap of positions (pyroaring): intersecting two sets of 100,000 records and counting
the result takes microseconds. A set is read from the database the first time a page needs it, from the
queryset that defines it (the rules stay where they are: `on_offer`, `serving`, `in_area`, a filter's path),
and kept in the process (and shared with the other processes through the cache) for the current catalogue
version: `common.pagecache`'s version, which every change of a record replaces, and the date (what is on offer
changes at midnight). A page therefore reads the database
only for the records it shows. With `RECORD_SETS_REUSE` off (the test settings: tests write without signals
and roll back) every call starts afresh.
"""

import hashlib
import threading
from array import array
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from pyroaring import BitMap

from common import pagecache

# Sets kept per model beyond the named ones (a provider's offer, a search word): the most recent ones.
MAX_OCCASIONAL = 256
# Below this share of the records, a set in another order is sorted; above it the order is walked.
SORT_SHARE = 0.05
# How long a set stays in the shared cache (a new catalogue version makes it unused before that).
SHARED_SECONDS = 24 * 60 * 60


class RecordSets:
    """The sets of one model's records for one catalogue version. With `shared` (a key prefix naming the
    version), what is read is also put in the shared cache, so the other processes, and this one after a
    restart, read it from there instead of from the catalogue's tables."""

    def __init__(self, model, shared=None):
        self.model = model
        self.shared = shared
        # the default order, then the slug (the route's last tie-break), then the pk
        ordering = [*model._meta.ordering, *(["slug"] if _has_field(model, "slug") else []), "pk"]
        # Arrays, not lists: the garbage collector does not walk them (a list of 300,000 pks made every full
        # collection, every few requests, 50-70 ms slower).
        self.pks = self._shared(
            "pks", lambda: array("q", model._default_manager.order_by(*ordering).values_list("pk", flat=True))
        )
        # Sets are shared only between processes that gave the records the same positions.
        if shared is not None:
            self.shared = f"{shared}:{hashlib.sha256(self.pks.tobytes()).hexdigest()[:16]}"
        self.position = {pk: i for i, pk in enumerate(self.pks)}
        self.all = BitMap(range(len(self.pks)))
        self._named = {}
        self._occasional = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self):
        return len(self.pks)

    def of(self, queryset):
        """The set of the records of `queryset` (read now, not kept)."""
        # A record created after these sets were read has no position; the next version has it.
        return self.of_pks(queryset.order_by().values_list("pk", flat=True))

    def of_pks(self, pks):
        """The set of the records with these pks."""
        position = self.position
        return BitMap(sorted(position[pk] for pk in pks if pk in position))

    def memo(self, key, compute, *, share=True):
        """`compute()` for `key`, once per version (from the shared cache when another process read it)."""
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = self._shared(key, compute) if share else compute()
        return found

    def _shared(self, key, compute):
        if self.shared is None:
            return compute()
        found = cache.get(self._shared_name(key))
        if found is None:
            found = compute()
            cache.set(self._shared_name(key), found, SHARED_SECONDS)
        return found

    def _shared_name(self, key):
        return f"{self.shared}:{hashlib.sha256(repr(key).encode()).hexdigest()}"

    def named(self, key, make):
        """The set of `make()` (a queryset) for `key`, read once per version."""
        return self.memo(key, lambda: self.of(make()))

    def named_each(self, name, values, make, path):
        """{value: the set named (name, value)} for each of `values`, as `named` keeps it; those not yet
        kept are read together in one query: the records of `make(missing values)` grouped by `path`."""
        missing = [value for value in values if (name, value) not in self._named]
        if missing and self.shared is not None:
            names = {self._shared_name((name, value)): value for value in missing}
            for shared_name, found in cache.get_many(list(names)).items():
                self._named[name, names[shared_name]] = found
            missing = [value for value in missing if (name, value) not in self._named]
        if missing:
            groups = self._grouped(make(missing), path)
            for value in missing:
                self._named.setdefault((name, value), groups.get(value, BitMap()))
            if self.shared is not None:
                entries = {self._shared_name((name, value)): self._named[name, value] for value in missing}
                cache.set_many(entries, SHARED_SECONDS)
        return {value: self._named[name, value] for value in values}

    def occasional(self, key, make):
        """Like `named`, for keys without bound (a provider, a word): only the most recent are kept."""
        with self._lock:
            found = self._occasional.get(key)
            if found is not None:
                self._occasional.move_to_end(key)
                return found
        found = self.of(make())
        with self._lock:
            self._occasional[key] = found
            while len(self._occasional) > MAX_OCCASIONAL:
                self._occasional.popitem(last=False)
        return found

    def grouped(self, key, queryset, path):
        """{value: set of the records of `queryset` whose `path` (a field path or an expression) has that
        value}, in one query, read once per version; None values are left out."""
        return self.memo(key, lambda: self._grouped(queryset, path))

    def by(self, path):
        """{value: set of the records whose `path` (such as "factors__slug") has that value}."""
        return self.grouped(("by", path), self.model._default_manager.all(), path)

    def first(self, records, queryset, limit):
        """The first `limit` records of the set `records` in the default order, from `queryset`."""
        return load_in_order(queryset, self.pks_of(records, 0, limit))

    def _grouped(self, queryset, path):
        if not isinstance(path, str):
            queryset, path = queryset.annotate(grouped_value=path), "grouped_value"
        groups, position = {}, self.position
        for pk, value in self._rows(queryset, path):
            if value is not None and pk in position:
                groups.setdefault(value, []).append(position[pk])
        return {value: BitMap(positions) for value, positions in groups.items()}

    def _rows(self, queryset, path):
        """(pk, value) rows of `path`; a many-to-many path of all records is read from its relation table
        (no join over every record). Repeated rows do no harm: sets hold each record once."""
        name, _, attribute = path.partition("__")
        field = next((f for f in self.model._meta.many_to_many if f.name == name), None)
        if field is None or "__" in attribute or queryset.query.where:
            return queryset.order_by().values_list("pk", path).iterator(chunk_size=10_000)
        through = field.remote_field.through
        target = field.m2m_reverse_field_name()
        value = f"{target}__{attribute}" if attribute else f"{target}_id"
        rows = through.objects.values_list(f"{field.m2m_field_name()}_id", value)
        return rows.order_by().iterator(chunk_size=10_000)

    def order(self, fields):
        """The positions in the order of `fields` (such as ["-closes_on"]), read once per version."""
        rows = self.model._default_manager.order_by(*fields, *self.model._meta.ordering, "pk")
        return self.memo(
            ("order", tuple(fields)),
            lambda: array("q", (self.position[pk] for pk in rows.values_list("pk", flat=True))),
        )

    def pks_of(self, records, start=0, stop=None, *, order=None):
        """The pks of the records at `start:stop` of the set `records`, in the default order or in `order`
        (positions from `order()`)."""
        stop = len(records) if stop is None else min(stop, len(records))
        if start >= stop:
            return []
        if order is None:
            return [self.pks[p] for p in records[start:stop]]
        if len(records) < SORT_SHARE * len(self.pks):
            rank = self._rank(order)
            positions = sorted(records, key=rank.__getitem__)[start:stop]
        else:
            positions = []
            for p in order:
                if p in records:
                    positions.append(p)
                    if len(positions) == stop:
                        break
            positions = positions[start:]
        return [self.pks[p] for p in positions]

    def _rank(self, order):
        def ranks():
            found = array("q", bytes(8 * len(order)))
            for rank, p in enumerate(order):
                found[p] = rank
            return found

        return self.memo(("rank", id(order)), ranks, share=False)


def _has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


def first_ranked(records, keys, count):
    """The positions of the first `count` of `records` ranked by `keys`, best first. Each key is a list of
    sets, best level first (a record in none of them comes after them all); records equal on every key come
    in the default order. The same answer as ORDER BY a CASE per key, without reading the records."""
    found = []

    def walk(part, depth):
        if len(found) >= count or not part:
            return
        if depth == len(keys):
            found.extend(part[: count - len(found)])
            return
        rest = part
        for level in keys[depth]:
            walk(rest & level, depth + 1)
            rest = rest - level
        walk(rest, depth + 1)

    walk(records, 0)
    return found


def by_score(records, weighted):
    """`records` in levels of their score, highest first (score 0 left out): the score of a record is the sum
    of the weights of the sets in `weighted` ([(set, weight), ...]) that hold it."""
    scores = {0: records}
    for members, weight in weighted:
        scored = {}
        for score, part in scores.items():
            for new, share in ((score + weight, part & members), (score, part - members)):
                if share:
                    scored[new] = scored[new] | share if new in scored else share
        scores = scored
    return [scores[score] for score in sorted(scores, reverse=True) if score > 0]


_current = {}
_current_lock = threading.Lock()


def record_sets(model):
    """The RecordSets of `model` for the current catalogue version (built on first use)."""
    if not settings.RECORD_SETS_REUSE:
        return RecordSets(model)
    return _of_version(model, _version())


def record_sets_of(*models):
    """The RecordSets of each of `models`, like `record_sets`, reading the catalogue version once (a read
    of the cache table in production) for all of them."""
    if not settings.RECORD_SETS_REUSE:
        return [RecordSets(model) for model in models]
    version = _version()
    return [_of_version(model, version) for model in models]


def _version():
    return (pagecache.version(), timezone.localdate())


def _of_version(model, version):
    with _current_lock:
        found = _current.get(model)
    if found is not None and found[0] == version:
        return found[1]
    sets = RecordSets(model, shared=f"recordsets:{version[0]}:{version[1].isoformat()}:{model._meta.label}")
    with _current_lock:
        _current[model] = (version, sets)
    return sets


def forget():
    """Drop every kept set (tests)."""
    with _current_lock:
        _current.clear()
        _kept.clear()


_kept = {}


def kept(key, compute):
    """`compute()` for `key`, once per catalogue version as the sets: for small reads that are no set of one
    model's records (the pks of a region's loketten in their order), so no model's positions are read for
    them. Keys must be few (one per region, say): each stays until the next version replaces it."""
    if not settings.RECORD_SETS_REUSE:
        return compute()
    version = _version()
    with _current_lock:
        found = _kept.get(key)
    if found is not None and found[0] == version:
        return found[1]
    value = compute()
    with _current_lock:
        _kept[key] = (version, value)
    return value


def load_in_order(queryset, pks):
    """The records of `queryset` with these pks, in the order of `pks` (one query)."""
    by_pk = {record.pk: record for record in queryset.filter(pk__in=pks).order_by()}
    return [by_pk[pk] for pk in pks if pk in by_pk]
