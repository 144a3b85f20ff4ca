"""The NinjaAPI that carewatch's endpoints hang on: one error shape even outside the operations.

ninja answers a wrong method with a bare 405 and leaves unknown paths under the API to Django's
HTML 404 page. Here every URL under the API answers in the error shape, and each URL declares its
access rule (``carewatch.core.access``) so that the URL-enumerating access test covers the API:
``public`` where anonymous callers are served, ``signed_in`` where a token is needed (in the API a
person is identified by a token, never by a session).
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponseNotAllowed
from django.urls import URLPattern, path, re_path
from ninja import NinjaAPI
from ninja.openapi.urls import get_openapi_urls

from carewatch.api import errors
from carewatch.api.auth import allows_anonymous
from carewatch.core import access
from carewatch.core.access import RULE_ATTRIBUTE, Rule


def _with_error_shape(view):
    @wraps(view)
    def shaped(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = errors.json_response(
                405, "method_not_allowed", f"{request.method} is not allowed here; use {allowed}.", None
            )
            response["Allow"] = allowed
        return response

    return shaped


def _declare(pattern: URLPattern, rule: Rule) -> URLPattern:
    callback = _with_error_shape(pattern.callback)
    setattr(callback, RULE_ATTRIBUTE, rule)
    pattern.callback = callback
    return pattern


@access.public
def api_root(request: HttpRequest, **kwargs):
    return errors.json_response(
        404, "not_found", "Nothing here: the API is described at openapi.json and docs."
    )


@access.public
def unknown_path(request: HttpRequest, **kwargs):
    return errors.json_response(404, "not_found", f"No API endpoint at {request.path}.")


class CarewatchAPI(NinjaAPI):
    def _get_urls(self):
        public, token = Rule("public"), Rule("signed_in")
        result = [_declare(pattern, public) for pattern in get_openapi_urls(self)]
        for bound_router in self._get_bound_routers():
            patterns = list(bound_router.urls_paths(bound_router.prefix))
            # urls_paths yields one pattern per operation, path by path, in this order:
            path_views = [view for view in bound_router.path_operations.values() for _ in view.operations]
            assert len(patterns) == len(path_views)
            for pattern, path_view in zip(patterns, path_views, strict=True):
                anyone = all(allows_anonymous(op.auth_callbacks) for op in path_view.operations)
                result.append(_declare(pattern, public if anyone else token))
        # ninja's root view names the prefix of every path in the OpenAPI document; keep its name.
        result.append(path("", api_root, name="api-root"))
        result.append(re_path(r"^.*$", unknown_path, name="unknown"))
        return result
