"""A public list from its filter set: the records of the page, their number and the facet counts.

The filters say what they mean (catalog.filters: a facet's path, a filter's method); this module evaluates
them on record sets (catalog.recordsets), so a list reads the database only for the form's options and the
20 records it shows, however large the catalogue. `FilterSet.qs` keeps the same meaning in SQL; the tests
hold the two to the same answers.
"""

from dataclasses import dataclass

from pyroaring import BitMap

from .recordsets import load_in_order, record_sets


@dataclass
class Listing:
    records: "Records"  # for the Paginator
    counts: dict  # facet -> {option value: number of records}


class Records:
    """The records of a set in an order, read 20 at a time: what the Paginator slices."""

    def __init__(self, sets, members, order, queryset):
        self.sets, self.members, self.order, self.queryset = sets, members, order, queryset

    def count(self):
        return len(self.members)

    def __len__(self):
        return len(self.members)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Records are read by slice")
        pks = self.sets.pks_of(self.members, index.start or 0, index.stop, order=self.order)
        return load_in_order(self.queryset, pks)


def listing(filterset):
    """The Listing of a bound filter set (valid or not: invalid values are left out, as `qs` does)."""
    filterset.is_valid()
    cleaned = getattr(filterset.form, "cleaned_data", {})
    chosen = {
        name: cleaned[name]
        for name in filterset.filters
        if name in cleaned and name != "sorteer" and _given(filterset.data.getlist(name), cleaned[name])
    }
    sets = record_sets(filterset.queryset.model)
    base = sets.named(("base", type(filterset).__name__), lambda: filterset.queryset)
    constraints = {name: _records_of(filterset, sets, name, value) for name, value in chosen.items()}
    for name, unchosen in filterset.unchosen.items():
        if name not in chosen:
            constraints[name] = sets.named(("unchosen", name), lambda f=unchosen: f(filterset.queryset))
    members = _all_of(base, constraints.values())

    counts = {}
    for facet in filterset.facets:
        others = [records for name, records in constraints.items() if name != facet]
        if facet in filterset.facet_everything:
            others.append(_any_of(_groups(filterset, sets, facet), filterset.facet_everything[facet]))
        among = _all_of(base, others)
        groups = _groups(filterset, sets, facet)
        counts[facet] = {
            value: n for value, records in groups.items() if (n := among.intersection_cardinality(records))
        }
    return Listing(Records(sets, members, _order(filterset, sets), filterset.queryset), counts)


def _given(raw, value):
    """Whether a filter was filled in: something in the query string that cleaned to a value."""
    return any(v.strip() for v in raw) and value is not None and value != "" and value != []


def _records_of(filterset, sets, name, value):
    if name in filterset.facets:
        return _any_of(_groups(filterset, sets, name), _values(filterset, name, value))
    key = (type(filterset).__name__, name, tuple(_values(filterset, name, value)))
    return sets.occasional(key, lambda: filterset.filters[name].filter(filterset.queryset, value))


def _groups(filterset, sets, facet):
    """{option value: records} of a facet, from its path (one query per version)."""
    path = filterset.facets[facet]
    if isinstance(path, str):
        return sets.by(path)
    if isinstance(path, tuple):  # several paths whose values together count
        parts = [sets.by(p) for p in path]
        values = {value for part in parts for value in part}
        return sets.memo(
            ("by", path),
            lambda: {value: BitMap.union(*(part.get(value, BitMap()) for part in parts)) for value in values},
        )
    return sets.grouped(("facet", type(filterset).__name__, facet), filterset.queryset, path)


def _values(filterset, name, value):
    """The option values of a cleaned filter value: slugs of records, or the plain choices."""
    to_field = filterset.filters[name].extra.get("to_field_name")
    items = value if isinstance(value, list | tuple | set) or hasattr(value, "model") else [value]
    return sorted(str(getattr(item, to_field) if to_field else item) for item in items)


def _any_of(groups, values):
    """The records in the group of any of `values`."""
    return BitMap.union(BitMap(), *(groups.get(value, BitMap()) for value in values))


def _all_of(base, sets):
    result = base
    for records in sets:
        result = result & records
    return result


def _order(filterset, sets):
    """The positions in the chosen order (`sorteer`), or None for the default order."""
    ordering = filterset.form.cleaned_data.get("sorteer") if hasattr(filterset.form, "cleaned_data") else None
    if not ordering:
        return None
    fields = [filterset.filters["sorteer"].get_ordering_value(param) for param in ordering]
    return sets.order(fields)
