"""Where the kennisbank's public pages are: `/kennisbank/` and `/leergemeenschappen/` (issue 13).

The route, organisation, region and coverage pages link to them. The list and detail views are built
elsewhere; until their url names exist, the paths are written here once.
"""

from urllib.parse import urlencode

OFFER_LIST = "/kennisbank/"
COMMUNITY_LIST = "/leergemeenschappen/"


def offer_url(slug):
    return f"{OFFER_LIST}{slug}/"


def community_url(slug):
    return f"{COMMUNITY_LIST}{slug}/"


def _with_query(path, params):
    query = [(key, value) for key, values in params.items() for value in _as_list(values)]
    return f"{path}?{urlencode(query)}" if query else path


def _as_list(value):
    return value if isinstance(value, list | tuple) else [value]


def offer_list_url(**params):
    """The kennisbank list with these filters (`regio`, `niveau`, `gebied`, `aanbieder`, ...)."""
    return _with_query(OFFER_LIST, params)


def community_list_url(**params):
    return _with_query(COMMUNITY_LIST, params)
