"""Turning a council's template and a case's facts into a letter: HTML, then PDF (WeasyPrint).

A template is plain text with Django template placeholders. It is rendered by a locked-down engine:
only the tags in :data:`ALLOWED_TAGS`, no template loading, and the facts are plain strings, so a
template can say nothing but the facts. The text is then escaped and laid out as HTML
(:func:`body_html`), so nothing in a template or a fact can inject markup.

A template cannot make rendering costly (docs/security.md, "Letter templates"): it is at most
:data:`MAX_TEMPLATE_CHARS` long, a ``{% for %}`` goes at most :data:`MAX_LOOP_DEPTH` deep, only the
filters in :data:`ALLOWED_FILTERS` exist (none makes a list or a long string from a short one, as
``make_list`` or ``ljust`` do), and what the loops write is counted as they write it, so a letter
stops with an error once it passes :data:`MAX_LETTER_CHARS` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from django.template import Context, Engine, Library, Node, NodeList, TemplateSyntaxError, defaultfilters
from django.template.base import Lexer, TokenType, VariableNode
from django.template.defaulttags import ForNode, WithNode, do_for
from django.template.loader import render_to_string
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from carewatch.cases.letters import errors

ALLOWED_TAGS = frozenset(
    {
        "if",
        "elif",
        "else",
        "endif",
        "for",
        "empty",
        "endfor",
        "with",
        "endwith",
        "comment",
        "endcomment",
        "firstof",
    }
)

# Filters that change a fact's wording without making it much longer (no make_list, add, ljust …).
ALLOWED_FILTERS = frozenset(
    {
        "capfirst",
        "cut",
        "default",
        "default_if_none",
        "first",
        "join",
        "last",
        "length",
        "lower",
        "pluralize",
        "slice",
        "title",
        "truncatechars",
        "truncatewords",
        "upper",
        "wordcount",
        "yesno",
    }
)
MAX_TEMPLATE_CHARS = 20_000
MAX_LOOP_DEPTH = 2  # a {% for %} inside a {% for %}, no deeper
MAX_LETTER_CHARS = 100_000  # about 30 pages; what loops write counts as it is written


class _TooLong(Exception):
    """Raised while rendering, when the loops have written more than MAX_LETTER_CHARS."""


_SPENT = object()  # the key of the characters written so far, in the render context


class _Counted(Node):
    """One node inside a loop, counting what it writes (at least 1 for each time it runs)."""

    def __init__(self, node: Node):
        self.nodelist = NodeList([node])

    def render(self, context) -> str:
        written = self.nodelist.render(context)
        spent = context.render_context.get(_SPENT, 0) + 1 + len(written)
        if spent > MAX_LETTER_CHARS:
            raise _TooLong
        context.render_context[_SPENT] = spent
        return written


_LIMITS = Library()
_LIMITS.filters.update({name: defaultfilters.register.filters[name] for name in ALLOWED_FILTERS})


@_LIMITS.tag("for")
def _counted_for(parser, token) -> ForNode:
    node = do_for(parser, token)
    node.nodelist_loop = NodeList([_Counted(cast(Node, child)) for child in node.nodelist_loop])
    return node


class _LetterEngine(Engine):
    default_builtins = ["django.template.defaulttags"]

    def get_template_builtins(self, builtins):
        # after Django's tags, so its {% for %} is replaced by the counted one; only ALLOWED_FILTERS
        return [*super().get_template_builtins(builtins), _LIMITS]


ENGINE = _LetterEngine(autoescape=False, libraries={}, string_if_invalid="")
_INVALID_FILTER = re.compile(r"^Invalid filter: '(?P<name>\w+)'")


def compile_template(text: str, *, facts: dict | None = None, field: str = "body"):
    """Compile template text, refusing tags outside :data:`ALLOWED_TAGS` and (when example ``facts`` are
    given) placeholders that name no fact, such as ``{{ provider.nmae }}``, and anything that could make
    rendering costly (see the module's docstring)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise errors.InvalidTemplate(
            f"The template must be {MAX_TEMPLATE_CHARS:,} characters or fewer: it has {len(text):,}",
            field=field,
        )
    depth = deepest = 0
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise errors.InvalidTemplate(
                    f"Letters cannot use {{% {name} %}}: use placeholders like {{{{ provider.name }}}}, "
                    "and if, for and with",
                    field=field,
                )
            depth += {"for": 1, "endfor": -1}.get(name, 0)
            deepest = max(deepest, depth)
    if deepest > MAX_LOOP_DEPTH:
        raise errors.InvalidTemplate(
            f"Letters can put one {{% for %}} inside another, but no deeper: this template puts {deepest} "
            "inside each other",
            field=field,
        )
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        invalid_filter = _INVALID_FILTER.match(str(exc))
        if invalid_filter:
            raise errors.InvalidTemplate(
                f"Letters cannot use the filter |{invalid_filter['name']}: use "
                + ", ".join(f"|{name}" for name in sorted(ALLOWED_FILTERS)),
                field=field,
            ) from exc
        raise errors.InvalidTemplate(f"There is a mistake in the template: {exc}", field=field) from exc
    if facts is not None:
        unknown = sorted({".".join(path) for path in _used_paths(template) if not _resolves(facts, path)})
        if unknown:
            raise errors.InvalidTemplate(
                "There is no fact called "
                + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
                + ": use the facts listed on this page",
                field=field,
            )
    return template


def _used_paths(template) -> set[tuple[str, ...]]:
    """The placeholders a template reads (as lookup paths), less those its own for and with tags define."""
    local = {"forloop"}
    for node in template.nodelist.get_nodes_by_type(ForNode):
        local.update(node.loopvars)
    for node in template.nodelist.get_nodes_by_type(WithNode):
        local.update(node.extra_context)
    expressions = [node.filter_expression for node in template.nodelist.get_nodes_by_type(VariableNode)]
    expressions += [node.sequence for node in template.nodelist.get_nodes_by_type(ForNode)]
    expressions += [
        value
        for node in template.nodelist.get_nodes_by_type(WithNode)
        for value in node.extra_context.values()
    ]
    paths = set()
    for expression in expressions:
        lookups = getattr(getattr(expression, "var", None), "lookups", None)
        if lookups and lookups[0] not in local:
            paths.add(tuple(lookups))
    return paths


def _resolves(facts: dict, path: tuple[str, ...]) -> bool:
    value: object = facts
    for part in path:
        if isinstance(value, dict):
            if part not in value:
                return False
            value = value[part]
        else:
            # an item of a list (locations.0.name) is not checked further; anything else has no parts
            return isinstance(value, list)
    return True


def render_text(text: str, facts: dict, *, field: str = "body") -> str:
    """The template filled in with ``facts``; :class:`errors.InvalidTemplate` if it cannot be used, or once
    it has written more than :data:`MAX_LETTER_CHARS` characters."""
    template = compile_template(text, field=field)
    try:
        written = template.render(Context(facts, autoescape=False))
        if len(written) > MAX_LETTER_CHARS:
            raise _TooLong
    except _TooLong as exc:
        raise errors.InvalidTemplate(
            f"The letter would be longer than {MAX_LETTER_CHARS:,} characters: "
            "take out a {% for %}, or put less inside it",
            field=field,
        ) from exc
    return written


def check_template(text: str, *, facts: dict, field: str) -> None:
    """Refuse a template that cannot be used with ``facts`` (examples of the real ones), with the reason."""
    compile_template(text, facts=facts, field=field)
    try:
        render_text(text, facts, field=field)
    except errors.InvalidTemplate:
        raise
    except Exception as exc:  # a filter given the wrong kind of value, say
        raise errors.InvalidTemplate(f"The template cannot be used: {exc}", field=field) from exc


_BULLET = re.compile(r"^\s*[-*]\s+")


def body_html(text: str) -> SafeString:
    """Plain text laid out as GOV.UK HTML: blank lines part paragraphs, ``## `` makes a heading, ``- `` a list."""
    parts: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as a browser posts a textarea
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        for kind, lines in _runs(line.rstrip() for line in block.splitlines() if line.strip()):
            if kind == "heading":
                parts.append(f'<h3 class="govuk-heading-s">{escape(lines[0])}</h3>')
            elif kind == "bullets":
                items = format_html_join("", "<li>{}</li>", ((item,) for item in lines))
                parts.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
            else:
                parts.append('<p class="govuk-body">' + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece above is escaped


def _runs(lines) -> list[tuple[str, list[str]]]:
    """Consecutive lines grouped: ("heading", [text]), ("bullets", [items]) or ("paragraph", [lines])."""
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("## "):
            runs.append(("heading", [stripped[3:].strip()]))
            continue
        kind, content = ("bullets", _BULLET.sub("", line)) if _BULLET.match(line) else ("paragraph", stripped)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(content)
        else:
            runs.append((kind, [content]))
    return runs


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    html: str


def render_letter(*, subject_template: str, body_template: str, facts: dict) -> RenderedLetter:
    subject = " ".join(render_text(subject_template, facts, field="subject").split())
    body = render_text(body_template, facts, field="body")
    return lay_out(subject=subject, body=body, facts=facts)


def lay_out(*, subject: str, body: str, facts: dict) -> RenderedLetter:
    """A letter's own words (no placeholders: nothing in them is run as a template) under its heading."""
    html = render_to_string(
        "letters/letter.html", {"facts": facts, "subject": subject, "body": body_html(body)}
    )
    return RenderedLetter(subject=subject, html=html.strip())


def pdf_of(letter_html: str, *, subject: str) -> bytes:
    """The letter as an A4 PDF."""
    import weasyprint  # imported here: it loads fonts and system libraries

    document = render_to_string(
        "letters/letter_document.html", {"letter_html": mark_safe(letter_html), "subject": subject}
    )  # noqa: S308 - built by render_letter
    return weasyprint.HTML(string=document).write_pdf()
