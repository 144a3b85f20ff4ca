"""Frameworks: installing the default frameworks and themes, a council's edits and imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors, frameworks
from carewatch.monitoring import themes as theme_model
from carewatch.monitoring.frameworks import QuestionSpec
from carewatch.monitoring.models import Framework, FrameworkVersion, Question, Theme
from carewatch.monitoring.services.checks import (
    CONFIGURERS,
    require_council,
    require_staff,
)


@dataclass(frozen=True)
class FrameworkImport:
    """What an import did: the version now current, and whether the import made it (False: unchanged)."""

    version: FrameworkVersion
    created: bool


def install_defaults_with(models: Mapping[str, Any], *, now: datetime) -> list[str]:
    """Create the default themes and frameworks that are missing, and a new default version when a data
    file changed. ``models`` maps "Framework", "FrameworkVersion", "Question", "Theme" to model classes
    (the data migration passes its historical models). Returns what it did, for the audit entry."""
    done: list[str] = []
    theme_class = models["Theme"]
    for position, default in enumerate(theme_model.DEFAULT_THEMES, start=1):
        _, created = theme_class.objects.get_or_create(
            organisation=None,
            slug=default.slug,
            defaults={
                "name": default.name,
                "description": default.description,
                "safeguarding": default.safeguarding,
                "position": position,
            },
        )
        if created:
            done.append(f"theme {default.slug}")
    for spec in frameworks.default_frameworks():
        framework, _ = models["Framework"].objects.get_or_create(
            owner=None, service_type=spec.service_type, defaults={"name": spec.name, "created_at": now}
        )
        digest = frameworks.digest(spec.questions)
        latest = models["FrameworkVersion"].objects.filter(framework=framework).order_by("-number").first()
        if latest is not None and latest.digest == digest:
            continue
        version = models["FrameworkVersion"].objects.create(
            framework=framework,
            number=(latest.number + 1) if latest else 1,
            published_at=now,
            source="default",
            source_name=frameworks.default_file(spec.service_type).name,
            digest=digest,
        )
        _create_questions(models["Question"], version, spec.questions)
        done.append(f"framework {spec.service_type} v{version.number}")
    return done


def _create_questions(question_class: Any, version: Any, questions: Sequence[QuestionSpec]) -> None:
    """``question_class`` and ``version``: the model and row, or the data migration's historical ones."""
    question_class.objects.bulk_create(
        question_class(
            version=version,
            position=position,
            code=q.code,
            text=q.text,
            statement_id=q.statement_id,
            standard=q.standard,
            weight=q.weight,
        )
        for position, q in enumerate(questions, start=1)
    )


@transaction.atomic
def install_defaults(*, now: datetime) -> list[str]:
    """The default themes and question sets (idempotent; the data migration runs it once). Returns what changed."""
    done = install_defaults_with(
        {"Framework": Framework, "FrameworkVersion": FrameworkVersion, "Question": Question, "Theme": Theme},
        now=now,
    )
    if done:
        audit.write(
            now=now,
            actor=None,
            organisation=None,
            action="monitoring.defaults_installed",
            object_type="monitoring",
            object_id="defaults",
            after={"installed": done},
        )
    return done


def _new_version(
    *,
    framework: Framework,
    questions: Sequence[QuestionSpec],
    now: datetime,
    actor: User | None,
    source: str,
    source_name: str = "",
    note: str = "",
) -> tuple[FrameworkVersion, bool]:
    """A new version of ``framework`` with ``questions`` and True; the latest version and False when the
    questions equal its questions."""
    digest = frameworks.digest(questions)
    latest = framework.versions.order_by("-number").first()
    if latest is not None and latest.digest == digest:
        return latest, False
    number = (framework.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        published_at=now,
        created_by=actor,
        source=source,
        source_name=source_name[:300],
        note=note,
        digest=digest,
    )
    _create_questions(Question, version, questions)
    return version, True


def _council_framework(
    organisation: Organisation, *, name: str, service_type: str, now: datetime
) -> tuple[Framework, bool]:
    framework = (
        Framework.objects.select_for_update()
        .filter(owner=organisation, name=name, service_type=service_type)
        .first()
    )
    if framework is not None:
        return framework, False
    return Framework.objects.create(
        owner=organisation, name=name, service_type=service_type, created_at=now
    ), True


def _specs(questions: Sequence[QuestionSpec | Mapping[str, Any]]) -> tuple[QuestionSpec, ...]:
    rows: list[tuple[str, Mapping[str, Any]]] = []
    for index, q in enumerate(questions, start=1):
        if isinstance(q, QuestionSpec):
            q = {
                "code": q.code,
                "text": q.text,
                "statement": q.statement_id,
                "standard": q.standard,
                "weight": q.weight,
            }
        rows.append((f"question {index}", q))
    return frameworks.check_questions(rows)


@transaction.atomic
def edit_framework(
    *,
    organisation: Organisation,
    actor: User,
    framework: Framework,
    questions: Sequence[QuestionSpec | Mapping[str, Any]],
    now: datetime,
    note: str = "",
) -> FrameworkVersion:
    """Save an edited question list as a new version (earlier versions, and the visits using them, keep theirs).

    Editing a default framework gives the council its own copy (same name and service type) at version 1.
    Raises FrameworkImportError naming each bad question; unchanged questions return the current version.
    """
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    if framework.owner_id not in (None, organisation.pk):
        raise errors.NotPermitted("That framework belongs to another council")
    specs = _specs(questions)
    target = framework
    if framework.owner_id is None:
        target, _ = _council_framework(
            organisation, name=framework.name, service_type=framework.service_type, now=now
        )
    version, created = _new_version(
        framework=target, questions=specs, now=now, actor=actor, source="edited", note=note
    )
    if not created:
        return version
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.framework_edited",
        object_type="monitoring.frameworkversion",
        object_id=version.pk,
        after={
            "framework": target.pk,
            "based_on": framework.pk,
            "number": version.number,
            "questions": len(specs),
        },
    )
    return version


@transaction.atomic
def import_framework(
    *,
    organisation: Organisation,
    file: Any,
    now: datetime,
    actor: User | None = None,
    name: str | None = None,
    service_type: str | None = None,
) -> FrameworkImport:
    """Import a framework from a CSV or JSON file (a path, an open file or an upload): a new framework, or a
    new version of the council's framework with the same name and service type.

    ``name`` and ``service_type`` override the file's (a CSV file needs them). ``actor`` None means a
    system administrator's command-line import. Raises FrameworkImportError listing every problem with
    where it is (``line 4, statement: unknown statement id '35' …``). Importing the same questions again
    changes nothing (``created`` False).
    """
    require_council(organisation)
    if actor is not None:
        require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    spec = frameworks.read_framework_file(file, name=name, service_type=service_type)
    framework, _ = _council_framework(organisation, name=spec.name, service_type=spec.service_type, now=now)
    source_name = getattr(file, "name", "") or str(file)
    version, created = _new_version(
        framework=framework,
        questions=spec.questions,
        now=now,
        actor=actor,
        source="imported",
        source_name=str(source_name).rsplit("/", 1)[-1],
    )
    if not created:
        return FrameworkImport(version=version, created=False)
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.framework_imported",
        object_type="monitoring.frameworkversion",
        object_id=version.pk,
        label=None if actor else "framework import (command line)",
        after={
            "framework": framework.pk,
            "name": spec.name,
            "service_type": spec.service_type,
            "number": version.number,
            "questions": len(spec.questions),
            "statements_missing": frameworks.statements_missing(spec.questions),
        },
    )
    return FrameworkImport(version=version, created=True)
