"""Recording, ending and importing a council's contracts (docs/capacity.md, "Contracts")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction

from carewatch.capacity.errors import FileRefused, InvalidInput, NotPermitted, Problem
from carewatch.capacity.models import Contract, ContractFee
from carewatch.capacity.services.csvfiles import read_rows
from carewatch.capacity.vocabulary import BedType, ContractKind
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register.formats import ADULT_SOCIAL_CARE_SERVICE_TYPES
from carewatch.register.models import Location, Provider, ServiceType

# Who may record and end a council's contracts (analysts and discharge coordinators read them).
CONTRACT_EDITORS = (Role.COMMISSIONER, Role.QA_MANAGER, Role.QA_OFFICER)
SERVICE_TYPES = ADULT_SOCIAL_CARE_SERVICE_TYPES


@dataclass(frozen=True)
class FeeInput:
    bed_type: str
    weekly_fee: Decimal | None = None
    band: str = ""


@dataclass(frozen=True)
class ContractInput:
    reference: str
    provider_id: str
    kind: str
    starts_on: date
    ends_on: date | None = None
    location_ids: tuple[str, ...] = ()
    service_types: tuple[str, ...] = ()
    people_funded: int | None = None
    fees: tuple[FeeInput, ...] = field(default_factory=tuple)


def _check_editor(actor: User, organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.COUNCIL:
        raise NotPermitted("Only a council records contracts")
    if actor.organisation_id != organisation.pk or not actor.has_role(*CONTRACT_EDITORS):
        raise NotPermitted("Only the council's commissioners and QA staff record its contracts")


@dataclass
class _Resolved:
    provider: Provider
    locations: list[Location]
    service_types: list[str]


def _check(organisation: Organisation, data: ContractInput) -> tuple[_Resolved | None, list[tuple[str, str]]]:
    """The contract's provider, locations and service types, or (None, [(field, message), …])."""
    problems: list[tuple[str, str]] = []
    reference = data.reference.strip()
    if not reference:
        problems.append(("reference", "Enter the contract reference"))
    elif len(reference) > 60:
        problems.append(("reference", "The contract reference must be 60 characters or fewer"))
    elif Contract.objects.filter(organisation=organisation, reference=reference).exists():
        problems.append(("reference", f"Your council already has a contract with the reference {reference}"))
    if data.kind not in ContractKind.values:
        problems.append(("kind", "Choose block, spot, framework or dynamic purchasing system (dps)"))
    if data.ends_on is not None and data.ends_on < data.starts_on:
        problems.append(("ends_on", "The end date must be the same as or after the start date"))
    if data.people_funded is not None and not 0 <= data.people_funded <= 100_000:
        problems.append(("people_funded", "The number of people funded must be between 0 and 100,000"))
    provider = Provider.objects.filter(pk=data.provider_id.strip()).first()
    if provider is None:
        problems.append(
            ("provider_id", f"No provider in the CQC register has the ID {data.provider_id or '(blank)'}")
        )
    locations: list[Location] = []
    wanted = list(dict.fromkeys(i.strip() for i in data.location_ids if i.strip()))
    if provider is not None and wanted:
        found = {loc.pk: loc for loc in Location.objects.filter(pk__in=wanted)}
        for location_id in wanted:
            loc = found.get(location_id)
            if loc is None:
                problems.append(("location_ids", f"No location in the CQC register has the ID {location_id}"))
            elif loc.provider_id != provider.pk:
                problems.append(
                    (
                        "location_ids",
                        f"{loc.name} ({location_id}) is not run by {provider.name or provider.pk}",
                    )
                )
            else:
                locations.append(loc)
    known = {name.lower(): name for name in SERVICE_TYPES}
    service_types: list[str] = []
    for name in data.service_types:
        if name.strip().lower() not in known:
            problems.append(("service_types", f"{name} is not an adult social care service type"))
        else:
            service_types.append(known[name.strip().lower()])
    seen: set[str] = set()
    for fee in data.fees:
        if fee.bed_type not in BedType.values:
            problems.append(("fees", f"{fee.bed_type} is not a bed type"))
        elif fee.bed_type in seen:
            problems.append(
                (f"fee_{fee.bed_type}", f"Give one fee for {BedType(fee.bed_type).label.lower()} beds")
            )
        elif fee.weekly_fee is None and not fee.band.strip():
            problems.append((f"fee_{fee.bed_type}", "Enter a weekly fee or a band"))
        elif fee.weekly_fee is not None and not 0 <= fee.weekly_fee < 10_000_000:
            problems.append((f"fee_{fee.bed_type}", "The weekly fee must be between £0 and £9,999,999.99"))
        elif len(fee.band) > 40:
            problems.append((f"fee_{fee.bed_type}", "A band must be 40 characters or fewer"))
        seen.add(fee.bed_type)
    if problems or provider is None:
        return None, problems
    return _Resolved(provider, locations, service_types), []


def _create(
    organisation: Organisation, actor: User, data: ContractInput, resolved: _Resolved, now: datetime
) -> Contract:
    contract = Contract.objects.create(
        organisation=organisation,
        provider=resolved.provider,
        reference=data.reference.strip(),
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        people_funded=data.people_funded,
        recorded_at=now,
        recorded_by=actor,
    )
    contract.locations.set(resolved.locations)
    contract.service_types.set(
        [ServiceType.objects.get_or_create(name=name)[0] for name in resolved.service_types]
    )
    ContractFee.objects.bulk_create(
        ContractFee(
            contract=contract, bed_type=fee.bed_type, weekly_fee=fee.weekly_fee, band=fee.band.strip()
        )
        for fee in data.fees
    )
    return contract


def _summary(contract: Contract, data: ContractInput) -> dict[str, object]:
    return {
        "reference": contract.reference,
        "provider": contract.provider_id,
        "kind": contract.kind,
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat() if contract.ends_on else None,
        "locations": sorted(data.location_ids),
        "service_types": sorted(data.service_types),
        "people_funded": contract.people_funded,
        "fees": {
            fee.bed_type: str(fee.weekly_fee) if fee.weekly_fee is not None else fee.band for fee in data.fees
        },
    }


def record_contract(
    *, organisation: Organisation, actor: User, contract: ContractInput, now: datetime
) -> Contract:
    """Record one contract the council holds. The first problem found is raised, naming its field."""
    _check_editor(actor, organisation)
    with transaction.atomic():
        resolved, problems = _check(organisation, contract)
        if resolved is None:
            name, message = problems[0]
            raise InvalidInput(message, field=name)
        created = _create(organisation, actor, contract, resolved, now)
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="contract.recorded",
            object_type="contract",
            object_id=created.pk,
            after=_summary(created, contract),
        )
    return created


def end_contract(*, contract: Contract, actor: User, ends_on: date, reason: str, now: datetime) -> Contract:
    """End a contract on ``ends_on`` (not before it started), saying why."""
    _check_editor(actor, contract.organisation)
    if contract.ended_at is not None:
        raise InvalidInput("This contract has already been ended", field="ends_on")
    if ends_on < contract.starts_on:
        raise InvalidInput("The end date must be the same as or after the start date", field="ends_on")
    if not reason.strip():
        raise InvalidInput("Say why the contract is ending", field="reason")
    with transaction.atomic():
        before = {"ends_on": contract.ends_on.isoformat() if contract.ends_on else None}
        contract.ends_on, contract.ended_at, contract.ended_by = ends_on, now, actor
        contract.end_reason = reason.strip()[:500]
        contract.save(update_fields=["ends_on", "ended_at", "ended_by", "end_reason"])
        audit.write(
            now=now,
            actor=actor,
            organisation=contract.organisation,
            action="contract.ended",
            object_type="contract",
            object_id=contract.pk,
            before=before,
            after={"ends_on": ends_on.isoformat(), "reason": contract.end_reason},
        )
    return contract


# --- CSV import ----------------------------------------------------------------------------------

CONTRACT_COLUMNS = (
    "reference",
    "provider_id",
    "location_ids",
    "service_types",
    "type",
    "start_date",
    "end_date",
    "people_funded",
    *(f"fee_{bed}" for bed in BedType.values),
)
COLUMN_OF = {"kind": "type", "starts_on": "start_date", "ends_on": "end_date"}  # a field's column
REQUIRED_CONTRACT_COLUMNS = ("reference", "provider_id", "type", "start_date")
KIND_WORDS = {
    **{k: k for k in ContractKind.values},
    **{label.lower(): value for value, label in ContractKind.choices},
}


def money(value: str) -> Decimal | None:
    """``£812.50`` or ``1,020`` as a number of pounds; None for anything else (a band such as "Band B")."""
    try:
        amount = Decimal(value.strip().replace("£", "").replace(",", ""))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _date(value: str, line: int, name: str, problems: list[Problem]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(line, name, f"{value} is not a date written as YYYY-MM-DD"))
        return None


def _parse_contract(line: int, row: dict[str, str], problems: list[Problem]) -> ContractInput | None:
    before = len(problems)
    starts_on = _date(row.get("start_date", ""), line, "start_date", problems)
    if starts_on is None and len(problems) == before:
        problems.append(Problem(line, "start_date", "Enter the start date"))
    ends_on = _date(row.get("end_date", ""), line, "end_date", problems)
    people: int | None = None
    if row.get("people_funded"):
        try:
            people = int(row["people_funded"])
        except ValueError:
            problems.append(Problem(line, "people_funded", f"{row['people_funded']} is not a whole number"))
    fees: list[FeeInput] = []
    for bed in BedType.values:
        value = row.get(f"fee_{bed}", "")
        if not value:
            continue
        amount = money(value)
        fees.append(
            FeeInput(bed_type=bed, weekly_fee=amount)
            if amount is not None
            else FeeInput(bed_type=bed, band=value)
        )
    kind = KIND_WORDS.get(row.get("type", "").strip().lower(), row.get("type", ""))
    if len(problems) > before or starts_on is None:
        return None
    return ContractInput(
        reference=row.get("reference", ""),
        provider_id=row.get("provider_id", ""),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        location_ids=tuple(
            part for part in row.get("location_ids", "").replace(",", ";").split(";") if part.strip()
        ),
        service_types=tuple(part.strip() for part in row.get("service_types", "").split(";") if part.strip()),
        people_funded=people,
        fees=tuple(fees),
    )


@dataclass(frozen=True)
class ContractImport:
    contracts: list[Contract]


def import_contracts(
    *, organisation: Organisation, actor: User, file: IO[bytes] | bytes, now: datetime
) -> ContractImport:
    """Every contract in a CSV file (docs/capacity.md, "Contract files"), or none: the problems of every line
    are collected and :class:`FileRefused` names each line and field."""
    _check_editor(actor, organisation)
    rows = read_rows(file, required=REQUIRED_CONTRACT_COLUMNS, known=CONTRACT_COLUMNS)
    problems: list[Problem] = []
    with transaction.atomic():
        created: list[Contract] = []
        references: dict[str, int] = {}
        for line, row in rows:
            data = _parse_contract(line, row, problems)
            if data is None:
                continue
            reference = data.reference.strip()
            if reference in references:
                problems.append(
                    Problem(line, "reference", f"{reference} is also on line {references[reference]}")
                )
                continue
            references[reference] = line
            resolved, found = _check(organisation, data)
            problems += [Problem(line, COLUMN_OF.get(name, name), message) for name, message in found]
            if resolved is not None and not problems:
                created.append(_create(organisation, actor, data, resolved, now))
        if problems:
            raise FileRefused(problems)
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="contract.imported",
            object_type="organisation",
            object_id=organisation.pk,
            after={"contracts": [c.reference for c in created]},
        )
    return ContractImport(contracts=created)
