"""The API's readable documentation at /api/v1/docs: a GOV.UK page drawn on the server from the
OpenAPI document (ADR 0013), in place of Swagger UI, whose page had 62 accessibility failures.

Every operation with its method, path, what it does, who may call it, its parameters (name, where,
required, type, limits) and its responses, plus an example request; the machine-readable document
stays at /api/v1/openapi.json for tools (Swagger UI, Postman, code generators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # query, path, header
    required: bool
    kind: str  # "string, one of a, b", "integer from 1 to 500" …
    default: str
    description: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    public: bool
    parameters: list[Parameter] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)
    body: bool = False

    @property
    def example(self) -> str:
        """A curl command for the call, with the required parameters as placeholders."""
        path = self.path
        query = [f"{p.name}=…" for p in self.parameters if p.where == "query" and p.required]
        url = path + ("?" + "&".join(query) if query else "")
        parts = ["curl"]
        if self.method != "get":
            parts.append(f"-X {self.method.upper()}")
        if not self.public:
            parts.append('-H "Authorization: Bearer cw_…"')
        if self.body:
            parts.append("-H \"Content-Type: application/json\" -d '{…}'")
        parts.append(f'"https://your-carewatch{url}"')
        return " ".join(parts)


def _kind(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_kind(option, components) for option in schema["anyOf"] if option.get("type") != "null"]
        return " or ".join(kinds) or "any"
    if "allOf" in schema and schema["allOf"]:
        return _kind(schema["allOf"][0], components)
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"list of {_kind(schema.get('items', {}), components)}"
    if "enum" in schema:
        return f"{kind}, one of " + ", ".join(str(v) for v in schema["enum"])
    limits = []
    if "minimum" in schema:
        limits.append(f"from {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"to {schema['maximum']}")
    if schema.get("format") == "date":
        kind = "date (YYYY-MM-DD)"
    return " ".join([kind, *limits])


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation in the OpenAPI document, path by path."""
    components = schema.get("components", {})
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method in METHOD_ORDER:
            spec = methods.get(method)
            if spec is None:
                continue
            parameters = []
            for item in spec.get("parameters", []):
                kind_schema = item.get("schema", {})
                default = kind_schema.get("default")
                parameters.append(
                    Parameter(
                        name=item["name"],
                        where=item.get("in", "query"),
                        required=bool(item.get("required")),
                        kind=_kind(kind_schema, components),
                        default=""
                        if default in (None, "")
                        else str(default).lower()
                        if isinstance(default, bool)
                        else str(default),
                        description=item.get("description") or kind_schema.get("description", ""),
                    )
                )
            found.append(
                Operation(
                    method=method,
                    path=path,
                    anchor=spec.get("operationId", f"{method}-{path}").replace("_", "-"),
                    summary=spec.get("summary", ""),
                    description=(spec.get("description") or "").strip(),
                    # OpenAPI's "no authentication" alternative ({}) beside TokenAuth: public data
                    public=not spec.get("security") or {} in spec["security"],
                    parameters=parameters,
                    responses=[
                        (code, r.get("description", "")) for code, r in spec.get("responses", {}).items()
                    ],
                    body="requestBody" in spec,
                )
            )
    return found


class ReferencePage(DocsBase):
    """ninja's docs hook: render the reference page instead of Swagger UI."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "page_title": "carewatch API reference",
                "info": schema.get("info", {}),
                "operations": operations(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
