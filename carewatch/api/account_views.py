"""Pages where a signed-in person manages their own API tokens: list, create (secret shown once), revoke."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carewatch.api.forms import TokenForm
from carewatch.core import access, http, token_queries, token_services
from carewatch.core.models import ApiToken


@access.signed_in()
@require_http_methods(["GET"])
def token_list(request: http.SignedInRequest) -> HttpResponse:
    return render(
        request,
        "api/token_list.html",
        {"page_title": "API tokens", "tokens": token_queries.tokens_of(request.user)},
    )


@access.signed_in()
@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request: http.SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_services.create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                now=http.now(),
            )
        except token_services.TokenError as problem:
            http.put_error(form, problem)
        else:
            # Shown on this response only: never stored, never put in a URL or the session.
            return render(
                request,
                "api/token_created.html",
                {"page_title": "Your new API token", "token": token, "secret": secret},
            )
    return render(request, "api/token_create.html", {"page_title": "Create an API token", "form": form})


@access.signed_in()
@require_http_methods(["GET", "POST"])
def token_revoke(request: http.SignedInRequest, token_id: int) -> HttpResponse:
    try:
        token = token_queries.token_of(request.user, token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None
    if token.revoked_at is not None:
        return redirect("api_tokens:token_list")
    if request.method == "POST":
        token_services.revoke_token(token=token, by=request.user, now=http.now())
        messages.success(
            request,
            f"The token “{token.name}” has been revoked. Programs using it can no longer call the API.",
        )
        return redirect("api_tokens:token_list")
    return render(
        request, "api/token_revoke.html", {"page_title": f"Revoke the token “{token.name}”?", "token": token}
    )
