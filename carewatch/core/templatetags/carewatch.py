from django import template
from django.utils.html import format_html

from carewatch.ratings.cqc import KEY_QUESTION_LABELS, RATED

register = template.Library()


@register.filter
def rating_tag(value: str) -> str:
    """A rating as a coloured GOV.UK tag; anything not on the four-point scale looks neutral."""
    text = value or "No rating"
    modifier = text.lower().replace(" ", "-") if text in RATED else "unrated"
    return format_html('<strong class="govuk-tag carewatch-tag--{}">{}</strong>', modifier, text)


@register.filter
def key_question_label(value: str) -> str:
    return KEY_QUESTION_LABELS.get(value, value)


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{value:.1f}%"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for paging and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


@register.filter
def table_rows(table, printed: bool):
    """A data table's rows for the page (all of them) or for print (the first ones: see Table.printed_rows)."""
    return table.printed_rows if printed else table.display_rows


@register.filter
def miles(value) -> str:
    """A distance for people: "Less than 0.1 miles", "1 mile", "2.3 miles" ("" for none)."""
    if value is None or value == "":
        return ""
    distance = round(float(value), 1)
    if distance < 0.1:
        return "Less than 0.1 miles"
    return "1 mile" if distance == 1 else f"{distance:g} miles"
