"""Find care near a place (``public:find``): parse the query string, search, show one page of results.

Shareable GET URLs, no JavaScript. The words for every refusal come from ``register.finder`` so the
page and ``/api/v1/services`` say the same things (docs/finder.md).
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from carewatch.core import access, pagination
from carewatch.public import badges as public_badges
from carewatch.public import held
from carewatch.public.forms import FinderForm
from carewatch.public.views import choose
from carewatch.ratings import cqc
from carewatch.register import finder, places

PAGE_SIZE = 20


def _counted(label: str, count: int | None) -> str:
    return label if count is None else f"{label} ({count:,})"


# The NOT_YET_HELD filters the public site can answer now: all of them.
HELD = ("vacancies", "commitment", "quality_mark")


def _options(form: FinderForm, counts: dict[str, dict[str, int]] | None) -> dict:
    """Each filter's options, with how many services each would give once there are results."""
    chosen = form.query.not_yet_held if form.query is not None else ()

    def count(group: str, slug: str) -> int | None:
        return None if counts is None else counts[group][slug]

    def ratings(group: str) -> list[tuple[str, str]]:
        return [(slug, _counted(finder.RATING_LABELS[slug], count(group, slug))) for slug in finder.RATINGS]

    return {
        "kind_options": [
            (slug, _counted(label, count("type", slug))) for slug, (label, _) in finder.KINDS.items()
        ],
        "need_options": [
            (slug, _counted(label, count("need", slug))) for slug, (label, _) in finder.NEEDS.items()
        ],
        "rating_options": ratings("rating"),
        "key_question_options": [(form[kq], ratings(kq)) for kq in cqc.KEY_QUESTIONS],
        "key_questions_chosen": any(form[kq].errors or form.data.get(kq) for kq in cqc.KEY_QUESTIONS),
        "recent_label": _counted(str(form.fields["rated_recently"].label), count("rated_recently", "yes")),
        # Filters on facts held above the register (held.finder_facts): ticked or not, with their counts.
        "held_options": [
            (name, _counted(finder.NOT_YET_HELD[name][0], count(name, "yes")), name in chosen)
            for name in HELD
        ],
        "hidden_not_held": [name for name in chosen if name not in HELD],
    }


@access.public
def find(request):
    form = FinderForm(request.GET or None)
    context: dict = {"page_title": "Find care near you", "form": form, "found": None, "error": ""}
    counts = None
    today = timezone.localdate()
    if form.is_bound and form.is_valid() and form.query is not None:
        try:
            found = finder.find(
                form.query,
                today=today,
                page_size=PAGE_SIZE,
                held=held.finder_facts(today=today, now=timezone.now()),
            )
        except finder.QueryError as problem:
            form.put_problems(problem)
            if isinstance(problem, finder.PlaceProblem) and isinstance(problem.cause, places.OutsideEngland):
                context["regulator"] = problem.cause.regulator
        else:
            context.update(_results(request, found, today))
            counts = found.counts
    context.update(_options(form, counts))
    if form.page_problem:
        context["error"] = form.page_problem
    if form.errors or context["error"]:
        context["page_title"] = f"Error: {context['page_title']}"
    return render(request, "public/find.html", context)


def _without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return "?" + query.urlencode()


def _results(request, found: finder.Found, today) -> dict:
    page = Paginator(found.hits, PAGE_SIZE).page(found.query.page)
    distances = {hit.location_id: hit.distance_miles for hit in page.object_list}
    locations = finder.locations(list(distances))
    badges = public_badges.badges_for(distances, today=today)
    shortlist = choose.shortlist_ids(request)
    compare = ""
    if 2 <= len(shortlist) <= 4:  # a comparison, with distances from the place searched
        compare = (
            reverse("public:compare")
            + "?"
            + urlencode([*(("id", i) for i in shortlist), ("from", found.query.near)])
        )
    return {
        "shortlist": shortlist,
        "compare": compare,
        "found": found,
        "notes": [
            (finder.NOT_YET_HELD[name][1] + ", so no service matches this filter.", _without(request, name))
            for name in found.query.not_yet_held
            if name not in HELD
        ],
        "page": page,
        "numbers": pagination.page_numbers(page),
        "results": [
            {
                "location": location,
                "distance": distances[location.pk],
                "kinds": finder.kind_labels(location),
                "needs": finder.need_labels(location),
                "badges": badges.get(location.pk, []),
            }
            for location in locations
        ],
    }
