"""Turning a council's template and a case's facts into a letter: HTML, then PDF (WeasyPrint).

A template is plain text with Django template placeholders. It is rendered by a locked-down engine:
only the tags in :data:`ALLOWED_TAGS`, no template loading, and the facts are plain strings, so a
template can say nothing but the facts. The text is then escaped and laid out as HTML
(:func:`body_html`), so nothing in a template or a fact can inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType, VariableNode
from django.template.defaulttags import ForNode, WithNode
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


class _LetterEngine(Engine):
    default_builtins = ["django.template.defaulttags", "django.template.defaultfilters"]


ENGINE = _LetterEngine(autoescape=False, libraries={}, string_if_invalid="")


def compile_template(text: str, *, facts: dict | None = None, field: str = "body"):
    """Compile template text, refusing tags outside :data:`ALLOWED_TAGS` and (when example ``facts`` are
    given) placeholders that name no fact, such as ``{{ provider.nmae }}``."""
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise errors.InvalidTemplate(
                    f"Letters cannot use {{% {name} %}}: use placeholders like {{{{ provider.name }}}}, "
                    "and if, for and with",
                    field=field,
                )
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
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


def render_text(text: str, facts: dict) -> str:
    return compile_template(text).render(Context(facts, autoescape=False))


_BULLET = re.compile(r"^\s*[-*]\s+")


def body_html(text: str) -> SafeString:
    """Plain text laid out as GOV.UK HTML: blank lines part paragraphs, ``## `` makes a heading, ``- `` a list."""
    parts: list[str] = []
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
    subject = " ".join(render_text(subject_template, facts).split())
    body = render_text(body_template, facts)
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
