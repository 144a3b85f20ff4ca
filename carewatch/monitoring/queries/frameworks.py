"""Reads of QA frameworks: which one a council's visit uses, their versions and questions, and the service
type a location is visited under."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from carewatch.core.models import Organisation
from carewatch.monitoring.models import Framework, FrameworkVersion, Question, ServiceType
from carewatch.register.models import Location


def framework_for(*, organisation: Organisation, service_type: str) -> Framework | None:
    """The framework a council's new visit uses: its own for the service type (the latest made), else the default."""
    own = (
        Framework.objects.filter(owner=organisation, service_type=service_type)
        .order_by("-created_at", "-id")
        .first()
    )
    return own or Framework.objects.filter(owner__isnull=True, service_type=service_type).first()


def current_version(framework: Framework) -> FrameworkVersion | None:
    return framework.versions.order_by("-number").first()


def frameworks_for(organisation: Organisation) -> list[Framework]:
    """The defaults and the council's own, defaults first, each with its versions."""
    return list(
        Framework.objects.filter(Q(owner__isnull=True) | Q(owner=organisation))
        .prefetch_related(Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number")))
        .order_by("owner_id", "service_type", "name", "id")
    )


def questions(version: FrameworkVersion) -> list[Question]:
    return list(Question.objects.filter(version=version).order_by("position", "id"))


def service_type_of(location: Location) -> str:
    """The framework service type a location is visited under: a care home, else supported living when it
    offers only that, else home care."""
    if location.care_home:
        return ServiceType.CARE_HOME
    names = set(location.service_types.values_list("name", flat=True)) if location.pk else set()
    if "Supported living" in names and "Homecare agencies" not in names:
        return ServiceType.SUPPORTED_LIVING
    return ServiceType.HOME_CARE
