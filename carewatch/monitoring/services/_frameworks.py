"""Frameworks, themes and settings: installing the defaults, a council's edits and imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors, frameworks, queries
from carewatch.monitoring import themes as theme_model
from carewatch.monitoring.frameworks import QuestionSpec
from carewatch.monitoring.models import Framework, FrameworkVersion, MonitoringSettings, Question, Theme
from carewatch.monitoring.services._common import (
    CONFIGURERS,
    require_council,
    require_staff,
    write_audit,
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


def _create_questions(question_class, version, questions: Sequence[QuestionSpec]) -> None:
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
        write_audit(
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
) -> FrameworkVersion | None:
    """A new version of ``framework`` with ``questions``; None when they equal the latest version's."""
    digest = frameworks.digest(questions)
    latest = framework.versions.order_by("-number").first()
    if latest is not None and latest.digest == digest:
        return None
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
    return version


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
    version = _new_version(
        framework=target, questions=specs, now=now, actor=actor, source="edited", note=note
    )
    if version is None:
        return target.versions.order_by("-number").first()
    write_audit(
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
    version = _new_version(
        framework=framework,
        questions=spec.questions,
        now=now,
        actor=actor,
        source="imported",
        source_name=str(source_name).rsplit("/", 1)[-1],
    )
    if version is None:
        return FrameworkImport(version=framework.versions.order_by("-number").first(), created=False)
    write_audit(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.framework_imported",
        object_type="monitoring.frameworkversion",
        object_id=version.pk,
        actor_label=None if actor else "framework import (command line)",
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


@transaction.atomic
def configure_monitoring(
    *,
    organisation: Organisation,
    actor: User,
    now: datetime,
    factual_accuracy_days: int = queries.DEFAULT_TIMESCALES["factual_accuracy_days"],
    action_plan_days: int = queries.DEFAULT_TIMESCALES["action_plan_days"],
    follow_up_months: int = queries.DEFAULT_TIMESCALES["follow_up_months"],
) -> MonitoringSettings:
    """Set the council's timescales: days for factual-accuracy comments (1–90), days for an action plan
    (1–90) and months to the follow-up visit (1–24). Applies to reports sent and plans requested from now on."""
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    for field, value, low, high in (
        ("factual_accuracy_days", factual_accuracy_days, 1, 90),
        ("action_plan_days", action_plan_days, 1, 90),
        ("follow_up_months", follow_up_months, 1, 24),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise errors.InvalidInput(f"Enter a whole number from {low} to {high}", field=field)
    row = MonitoringSettings.objects.select_for_update().filter(organisation=organisation).first()
    before = None
    if row is None:
        row = MonitoringSettings(organisation=organisation)
    else:
        before = {name: getattr(row, name) for name in queries.DEFAULT_TIMESCALES}
    row.factual_accuracy_days, row.action_plan_days, row.follow_up_months = (
        factual_accuracy_days,
        action_plan_days,
        follow_up_months,
    )
    row.updated_at = now
    row.save()
    write_audit(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.settings_changed",
        object_type="monitoring.monitoringsettings",
        object_id=row.pk,
        before=before,
        after={name: getattr(row, name) for name in queries.DEFAULT_TIMESCALES},
    )
    return row
