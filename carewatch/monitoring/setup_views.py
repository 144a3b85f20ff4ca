"""The council's monitoring set-up: frameworks (edit, import, versions), timescales and the theme list
(the thematic analysis is in ``analysis_views``). Thin views: parse, make one domain call, render or redirect.

QA managers and organisation administrators of a council change the set-up (the services check it again);
the council's QA officers and managers read the thematic analysis. A framework or theme of another council
is "not found". A system administrator belongs to no council and is sent back to the home page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import errors, frameworks, presenters, queries, services, setup_forms
from carewatch.monitoring.models import Framework, ServiceType, Theme
from carewatch.ratings.vocabulary import STATEMENTS

CONFIGURERS = access.signed_in(
    Role.QA_MANAGER, Role.ORG_ADMIN, organisation_kinds=(OrganisationKind.COUNCIL,)
)
SOURCES = {"default": "National default", "edited": "Edited", "imported": "Imported"}


def _now():
    return timezone.now()


def _posted(request):
    return request.POST if request.method == "POST" else None


def council_of(request):
    """The signed-in person's council, or None (a system administrator belongs to no council)."""
    organisation = request.user.organisation
    if organisation is None or organisation.kind != OrganisationKind.COUNCIL:
        return None
    return organisation


def _put_error(form, error: errors.MonitoringError) -> None:
    """A domain error on the form: each problem of a framework file beside its field when the form has it."""
    if isinstance(error, errors.FrameworkImportError):
        whole = error.field if error.field in form.fields else None  # the file itself, on the import form
        for problem in error.problems:
            field = problem.field if problem.field in form.fields else whole
            text = problem.message if field == problem.field else str(problem)
            form.add_error(field, text[:1].upper() + text[1:])
        return
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- reads the pages need ------------------------------------------------------------------------


def _framework(request, framework_id: int) -> Framework:
    """A framework the council may see: a national default or its own (404 otherwise)."""
    found = next((f for f in queries.frameworks_for(request.user.organisation) if f.pk == framework_id), None)
    if found is None:
        raise Http404("No such framework")
    return found


def _theme(request, theme_id: int) -> Theme:
    """A theme on the council's active list (404 otherwise)."""
    found = next((t for t in queries.themes_for(request.user.organisation) if t.pk == theme_id), None)
    if found is None:
        raise Http404("No such theme")
    return found


def _statement(number: int) -> str:
    statement = STATEMENTS.get(number)
    return f"{number} {statement.name}" if statement else str(number)


def _grouped(questions) -> list[presenters.StandardGroup]:
    """Questions by local standard, each labelled with its CQC quality statement (``statement_label``)."""
    for question in questions:
        question.statement_label = _statement(question.statement_id)
    return presenters.by_standard(questions)


def _framework_row(framework: Framework, in_use: set[int]) -> dict:
    versions = list(framework.versions.all())  # prefetched, newest first
    current = versions[0] if versions else None
    questions = queries.questions(current) if current else []
    return {
        "framework": framework,
        "version": current,
        "questions": len(questions),
        "statements": len(STATEMENTS) - len(frameworks.statements_missing(questions)),
        "own": framework.owner_id is not None,
        "in_use": framework.pk in in_use,
    }


def _question_rows(questions) -> list[dict]:
    """The question list as ``services.edit_framework`` takes it."""
    return [
        {
            "code": q.code,
            "text": q.text,
            "statement": q.statement_id,
            "standard": q.standard,
            "weight": q.weight,
        }
        for q in questions
    ]


# --- the set-up home page ------------------------------------------------------------------------


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


# --- frameworks ----------------------------------------------------------------------------------


@CONFIGURERS
def framework_list(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    in_use = {
        framework.pk
        for value in ServiceType.values
        if (framework := queries.framework_for(organisation=council, service_type=value)) is not None
    }
    rows = [_framework_row(framework, in_use) for framework in queries.frameworks_for(council)]
    groups = [
        (label, [row for row in rows if row["framework"].service_type == value])
        for value, label in ServiceType.choices
    ]
    return render(
        request,
        "monitoring/setup/framework_list.html",
        {"page_title": "Frameworks", "council": council, "groups": groups},
    )


@CONFIGURERS
def framework_detail(request, framework_id):
    if council_of(request) is None:
        return redirect("public:home")
    framework = _framework(request, framework_id)
    versions = list(framework.versions.all())
    current = versions[0] if versions else None
    questions = queries.questions(current) if current else []
    missing = frameworks.statements_missing(questions)
    return render(
        request,
        "monitoring/setup/framework_detail.html",
        {
            "page_title": framework.name,
            "framework": framework,
            "version": current,
            "versions": versions,
            "sources": SOURCES,
            "groups": _grouped(questions),
            "missing": missing,
            "covered": len(STATEMENTS) - len(missing),
            "question_count": len(questions),
        },
    )


@CONFIGURERS
def framework_edit(request, framework_id):
    """The current questions, each with links to change or remove it, and a link to add one."""
    if council_of(request) is None:
        return redirect("public:home")
    framework = _framework(request, framework_id)
    current = queries.current_version(framework)
    questions = queries.questions(current) if current else []
    return render(
        request,
        "monitoring/setup/framework_edit.html",
        {
            "page_title": f"Edit {framework.name}",
            "framework": framework,
            "version": current,
            "groups": _grouped(questions),
        },
    )


def _save_questions(request, *, framework, form, questions, note):
    """Save the edited list as a new version; on success a banner and the framework's page, else None."""
    current = queries.current_version(framework)
    try:
        version = services.edit_framework(
            organisation=request.user.organisation,
            actor=request.user,
            framework=framework,
            questions=questions,
            note=note,
            now=_now(),
        )
    except errors.MonitoringError as error:
        _put_error(form, error)
        return None
    if current is not None and version.pk == current.pk:
        messages.success(request, "Nothing changed: the questions are the same as the current version's")
    else:
        own_copy = " It is your council's own copy: new visits use it." if framework.owner_id is None else ""
        messages.success(request, f"Version {version.number} saved: {note}.{own_copy}")
    return redirect("monitoring:framework_detail", framework_id=version.framework_id)


def _question_page(request, *, framework, form, page_title, question=None, button):
    return render(
        request,
        "monitoring/setup/question_form.html",
        {
            "page_title": page_title,
            "framework": framework,
            "form": form,
            "question": question,
            "button": button,
        },
    )


@CONFIGURERS
def question_add(request, framework_id):
    if council_of(request) is None:
        return redirect("public:home")
    framework = _framework(request, framework_id)
    current = queries.current_version(framework)
    questions = queries.questions(current) if current else []
    form = setup_forms.QuestionForm(_posted(request), initial={"weight": "1"})
    if request.method == "POST" and form.is_valid():
        added = form.question()
        response = _save_questions(
            request,
            framework=framework,
            form=form,
            questions=[*_question_rows(questions), added],
            note=f"added {added['code']}",
        )
        if response:
            return response
    return _question_page(
        request, framework=framework, form=form, page_title="Add a question", button="Add the question"
    )


def _current_question(framework, question_id):
    current = queries.current_version(framework)
    questions = queries.questions(current) if current else []
    question = next((q for q in questions if q.pk == question_id), None)
    if question is None:
        raise Http404("No such question in the current version")
    return questions, question


@CONFIGURERS
def question_change(request, framework_id, question_id):
    if council_of(request) is None:
        return redirect("public:home")
    framework = _framework(request, framework_id)
    questions, question = _current_question(framework, question_id)
    form = setup_forms.QuestionForm(
        _posted(request),
        initial={
            "code": question.code,
            "text": question.text,
            "statement": str(question.statement_id),
            "standard": str(question.standard),
            "weight": question.weight.normalize(),
        },
    )
    if request.method == "POST" and form.is_valid():
        changed = form.question()
        rows = [
            changed if q.pk == question.pk else row
            for q, row in zip(questions, _question_rows(questions), strict=True)
        ]
        response = _save_questions(
            request, framework=framework, form=form, questions=rows, note=f"changed {question.code}"
        )
        if response:
            return response
    return _question_page(
        request,
        framework=framework,
        form=form,
        question=question,
        page_title=f"Change question {question.code}",
        button="Save the question",
    )


@CONFIGURERS
def question_remove(request, framework_id, question_id):
    if council_of(request) is None:
        return redirect("public:home")
    framework = _framework(request, framework_id)
    questions, question = _current_question(framework, question_id)
    form = setup_forms.forms.Form(_posted(request))
    if request.method == "POST":
        form.is_valid()
        rows = [
            row for q, row in zip(questions, _question_rows(questions), strict=True) if q.pk != question.pk
        ]
        response = _save_questions(
            request, framework=framework, form=form, questions=rows, note=f"removed {question.code}"
        )
        if response:
            return response
    return render(
        request,
        "monitoring/setup/question_remove.html",
        {
            "page_title": f"Remove question {question.code}",
            "framework": framework,
            "question": question,
            "statement": _statement(question.statement_id),
            "standard": frameworks.LOCAL_STANDARDS[question.standard].name,
            "form": form,
        },
    )


@CONFIGURERS
def framework_import(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    form = setup_forms.ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.import_framework(
                organisation=council,
                actor=request.user,
                file=data["file"],
                name=data["name"].strip() or None,
                service_type=data["service_type"] or None,
                now=_now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            version = result.version
            if result.created:
                missing = frameworks.statements_missing(queries.questions(version))
                coverage = (
                    "It covers all 34 quality statements."
                    if not missing
                    else f"It does not cover {len(missing)} of the 34 quality statements: "
                    + ", ".join(str(n) for n in missing)
                    + "."
                )
                messages.success(
                    request, f"Version {version.number} of {version.framework.name} imported. {coverage}"
                )
            else:
                messages.success(
                    request, f"Nothing changed: the file has the same questions as version {version.number}"
                )
            return redirect("monitoring:framework_detail", framework_id=version.framework_id)
    return render(
        request, "monitoring/setup/framework_import.html", {"page_title": "Import a framework", "form": form}
    )


# --- timescales ----------------------------------------------------------------------------------


@CONFIGURERS
def timescales(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    form = setup_forms.TimescalesForm(_posted(request), initial=queries.timescales(council))
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_monitoring(
                organisation=council, actor=request.user, now=_now(), **form.cleaned_data
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
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
    form = setup_forms.NewThemeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.add_theme(
                organisation=council,
                actor=request.user,
                name=data["name"],
                description=data["description"],
                safeguarding=data["safeguarding"] == "yes",
                now=_now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
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
    form = setup_forms.ThemeForm(
        _posted(request), initial={"name": theme.name, "description": theme.description}
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
                now=_now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
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
    form = setup_forms.forms.Form(_posted(request))
    if request.method == "POST":
        form.is_valid()
        try:
            services.retire_theme(organisation=council, actor=request.user, theme=theme, now=_now())
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            messages.success(request, f"{theme.name} has been retired: past findings keep it")
            return redirect("monitoring:theme_list")
    return render(
        request,
        "monitoring/setup/theme_retire.html",
        {"page_title": f"Retire {theme.name}", "theme": theme, "form": form},
    )
