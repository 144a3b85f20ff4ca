"""The council's frameworks: the list, one framework with its versions, editing its questions (each edit
a new version) and importing a file. For QA managers and organisation administrators of a council (the
services check it again). Another council's framework is "not found"; a system administrator belongs to
no council and is sent back to the home page.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render

from carewatch.core import http
from carewatch.monitoring import errors, frameworks, presenters, queries, services
from carewatch.monitoring.forms import frameworks as forms
from carewatch.monitoring.models import Framework, ServiceType
from carewatch.monitoring.views.edge import CONFIGURERS, council_of
from carewatch.ratings.vocabulary import STATEMENTS


def _put_error(form, error: errors.MonitoringError) -> None:
    """A domain error on the form: each problem of a framework file beside its field when the form has it."""
    if isinstance(error, errors.FrameworkImportError):
        whole = error.field if error.field in form.fields else None  # the file itself, on the import form
        for problem in error.problems:
            field = problem.field if problem.field in form.fields else whole
            text = problem.message if field == problem.field else str(problem)
            form.add_error(field, text[:1].upper() + text[1:])
        return
    http.put_error(form, error)


def _framework(request, framework_id: int) -> Framework:
    """A framework the council may see: a national default or its own (404 otherwise)."""
    found = next((f for f in queries.frameworks_for(request.user.organisation) if f.pk == framework_id), None)
    if found is None:
        raise Http404("No such framework")
    return found


def _current_questions(framework: Framework):
    current = queries.current_version(framework)
    return current, (queries.questions(current) if current else [])


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
    rows = []
    for framework in queries.frameworks_for(council):
        versions = list(framework.versions.all())  # prefetched, newest first
        questions = queries.questions(versions[0]) if versions else []
        rows.append(presenters.framework_row(framework, questions, in_use=framework.pk in in_use))
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
            "sources": presenters.SOURCES,
            "groups": presenters.grouped_questions(questions),
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
    current, questions = _current_questions(framework)
    return render(
        request,
        "monitoring/setup/framework_edit.html",
        {
            "page_title": f"Edit {framework.name}",
            "framework": framework,
            "version": current,
            "groups": presenters.grouped_questions(questions),
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
            now=http.now(),
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
    _, questions = _current_questions(framework)
    form = forms.QuestionForm(http.posted(request), initial={"weight": "1"})
    if request.method == "POST" and form.is_valid():
        added = form.question()
        response = _save_questions(
            request,
            framework=framework,
            form=form,
            questions=[*presenters.question_rows(questions), added],
            note=f"added {added['code']}",
        )
        if response:
            return response
    return _question_page(
        request, framework=framework, form=form, page_title="Add a question", button="Add the question"
    )


def _current_question(framework, question_id):
    _, questions = _current_questions(framework)
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
    form = forms.QuestionForm(
        http.posted(request),
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
            for q, row in zip(questions, presenters.question_rows(questions), strict=True)
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
    form = Form(http.posted(request))
    if request.method == "POST":
        form.is_valid()
        rows = [
            row
            for q, row in zip(questions, presenters.question_rows(questions), strict=True)
            if q.pk != question.pk
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
            "statement": presenters.statement(question.statement_id),
            "standard": frameworks.LOCAL_STANDARDS[question.standard].name,
            "form": form,
        },
    )


@CONFIGURERS
def framework_import(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    form = forms.ImportForm(http.posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.import_framework(
                organisation=council,
                actor=request.user,
                file=data["file"],
                name=data["name"].strip() or None,
                service_type=data["service_type"] or None,
                now=http.now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            version = result.version
            if result.created:
                coverage = presenters.coverage(queries.questions(version))
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
