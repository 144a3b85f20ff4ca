"""``{% load cases_wording %}``: ``{{ moment|long_datetime }}`` → "6 December 2026 at 9:30am"."""

from django import template

from carewatch.cases import wording

register = template.Library()
register.filter("long_datetime", wording.long_datetime)
