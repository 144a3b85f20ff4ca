"""The council's monitoring set-up: its home page, the timescales and the theme list (frameworks are in
``views.frameworks``, the thematic analysis in ``views.analysis``). Thin views: parse, make one domain
call, render or redirect.

QA managers and organisation administrators of a council change the set-up (the services check it again).
A theme of another council is "not found". A system administrator belongs to no council and is sent back
to the home page.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render

from carewatch.core import http
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.forms import setup as forms
from carewatch.monitoring.models import Theme
from carewatch.monitoring.views.edge import CONFIGURERS, council_of


def _theme(request, theme_id: int) -> Theme:
    """A theme on the council's active list (404 otherwise)."""
    found = next((t for t in queries.themes_for(request.user.organisation) if t.pk == theme_id), None)
    if found is None:
        raise Http404("No such theme")
    return found


@CONFIGURERS
def home(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    return render(
        request,
        "monitoring/setup/home.html",
        {"page_title": "Monitoring set-up", "council": council, "timescales": queries.timescales(council)},
    )


# --- timescales ----------------------------------------------------------------------------------


@CONFIGURERS
def timescales(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    form = forms.TimescalesForm(http.posted(request), initial=queries.timescales(council))
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_monitoring(
                organisation=council, actor=request.user, now=http.now(), **form.cleaned_data
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(
                request, "The timescales have been saved. They apply to reports sent from now on."
            )
            return redirect("monitoring:setup_home")
    return render(request, "monitoring/setup/timescales.html", {"page_title": "Timescales", "form": form})


# --- themes --------------------------------------------------------------------------------------


@CONFIGURERS
def theme_list(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    return render(
        request,
        "monitoring/setup/theme_list.html",
        {
            "page_title": "Themes",
            "themes": queries.themes_for(council),
            "retired": queries.retired_themes(council),
        },
    )


@CONFIGURERS
def theme_add(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    form = forms.NewThemeForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.add_theme(
                organisation=council,
                actor=request.user,
                name=data["name"],
                description=data["description"],
                safeguarding=data["safeguarding"] == "yes",
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{theme.name} has been added to the list")
            return redirect("monitoring:theme_list")
    return render(
        request,
        "monitoring/setup/theme_form.html",
        {"page_title": "Add a theme", "form": form, "button": "Add the theme"},
    )


@CONFIGURERS
def theme_rename(request, theme_id):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    theme = _theme(request, theme_id)
    form = forms.ThemeForm(
        http.posted(request), initial={"name": theme.name, "description": theme.description}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            renamed = services.rename_theme(
                organisation=council,
                actor=request.user,
                theme=theme,
                name=data["name"],
                description=data["description"],
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{theme.name} is now called {renamed.name}")
            return redirect("monitoring:theme_list")
    return render(
        request,
        "monitoring/setup/theme_form.html",
        {"page_title": f"Rename {theme.name}", "form": form, "theme": theme, "button": "Save the theme"},
    )


@CONFIGURERS
def theme_retire(request, theme_id):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    theme = _theme(request, theme_id)
    form = Form(http.posted(request))
    if request.method == "POST":
        form.is_valid()
        try:
            services.retire_theme(organisation=council, actor=request.user, theme=theme, now=http.now())
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"{theme.name} has been retired: past findings keep it")
            return redirect("monitoring:theme_list")
    return render(
        request,
        "monitoring/setup/theme_retire.html",
        {"page_title": f"Retire {theme.name}", "theme": theme, "form": form},
    )
