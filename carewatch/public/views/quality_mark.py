"""The councils' quality marks on the public site: which councils run one, and each scheme's tiers and
criteria, so anyone can see what a badge means (docs/recognition.md, docs/methodology.md)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from carewatch.core import access
from carewatch.recognition import quality_mark_criteria, quality_mark_queries


@access.public
def quality_mark_list(request):
    return render(
        request,
        "public/quality_mark_list.html",
        {"page_title": "Council quality marks", "schemes": list(quality_mark_queries.schemes())},
    )


@access.public
def quality_mark_detail(request, scheme_id: int):
    scheme = quality_mark_queries.scheme_with_criteria(scheme_id)
    if scheme is None:
        raise Http404("There is no quality mark with that number.")
    tiers = [
        (
            tier,
            [
                (
                    quality_mark_criteria.describe(
                        criterion.kind,
                        level=criterion.level,
                        standard=criterion.standard,
                        threshold=criterion.threshold,
                        minimum=criterion.minimum,
                    ),
                    criterion.kind != quality_mark_criteria.ASSESSED,
                    criterion.must_hold,
                )
                for criterion in tier.criteria.all()
            ],
        )
        for tier in scheme.tiers.all()
    ]
    return render(
        request,
        "public/quality_mark_detail.html",
        {"page_title": scheme.name, "scheme": scheme, "tiers": tiers},
    )
