"""Find care near a place (docs/finder.md): ``query`` reads the query string (the same for the
public page and the API), ``nearby`` finds and counts. Call it through the package::

    from carewatch.register import finder
    found = finder.find(finder.parse_query(request.GET), today=..., page_size=20)
"""

from carewatch.register.finder.nearby import (
    COUNTED,
    Found,
    HeldFacts,
    Hit,
    PlaceProblem,
    find,
    kind_labels,
    locations,
    need_labels,
    search,
)
from carewatch.register.finder.query import (
    FIELDS,
    KINDS,
    NEAR_LIMIT,
    NEEDS,
    NOT_YET_HELD,
    RATING_LABELS,
    RATINGS,
    RECENT_YEARS,
    WITHIN_DEFAULT,
    WITHIN_MAX,
    WITHIN_MIN,
    Problem,
    Query,
    QueryError,
    parse_query,
)

__all__ = [
    "COUNTED",
    "FIELDS",
    "KINDS",
    "NEAR_LIMIT",
    "NEEDS",
    "NOT_YET_HELD",
    "RATINGS",
    "RATING_LABELS",
    "RECENT_YEARS",
    "WITHIN_DEFAULT",
    "WITHIN_MAX",
    "WITHIN_MIN",
    "Found",
    "HeldFacts",
    "Hit",
    "PlaceProblem",
    "Problem",
    "Query",
    "QueryError",
    "find",
    "kind_labels",
    "locations",
    "need_labels",
    "parse_query",
    "search",
]
