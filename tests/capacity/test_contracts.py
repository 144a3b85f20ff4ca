"""Recording, ending and importing contracts: the council's commissioners and QA staff only, every field
checked, a CSV file all or nothing with each problem named by line and field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from carewatch.capacity import errors, queries, services
from carewatch.capacity.models import Contract
from carewatch.capacity.services import FeeInput
from carewatch.core import access
from carewatch.core.models import AuditEntry
from tests.capacity.given import a_contract
from tests.monitoring.factories import at

NOW = at(2026, 11, 10)


def test_a_commissioner_records_a_contract_with_fees_and_it_is_audited(world):
    contract = a_contract(
        world,
        NOW,
        fees=(
            FeeInput("general_residential", Decimal("812.50")),
            FeeInput("dementia_nursing", band="Enhanced"),
        ),
    )
    assert list(contract.locations.all()) == [world.home]
    _, types, fees = queries.contract_detail(contract)
    assert types == ["Residential homes"]
    assert ("General residential", "£812.50 a week") in fees and ("Dementia nursing", "Enhanced") in fees
    assert AuditEntry.objects.get(action="contract.recorded").object_id == str(contract.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"kind": "handshake"}, "kind"),
        ({"ends_on": date(2026, 3, 1)}, "ends_on"),
        ({"provider_id": "1-999"}, "provider_id"),
        ({"service_types": ("Dentist",)}, "service_types"),
    ],
)
def test_a_contract_with_a_bad_field_is_refused_naming_it(world, changes, field):
    with pytest.raises(errors.InvalidInput) as refused:
        a_contract(world, NOW, **changes)
    assert refused.value.field == field
    assert not Contract.objects.exists()


def test_a_location_another_provider_runs_is_refused(world):
    with pytest.raises(errors.InvalidInput) as refused:
        a_contract(world, NOW, location_ids=(world.other_home.pk,))
    assert refused.value.field == "location_ids" and "is not run by Acme Care Ltd" in refused.value.message


def test_an_analyst_cannot_record_a_contract(world):
    from carewatch.capacity.services import ContractInput

    with pytest.raises(errors.NotPermitted):
        services.record_contract(
            organisation=world.oldham,
            actor=world.analyst,
            contract=ContractInput(
                reference="X", provider_id=world.acme.pk, kind="spot", starts_on=date(2026, 1, 1)
            ),
            now=NOW,
        )


def test_ending_a_contract_takes_it_out_of_force(world):
    contract = a_contract(world, NOW)
    scope = access.OwnerScope.of([world.oldham.pk])
    assert queries.contracted_location_ids(scope=scope, on=date(2026, 12, 1)) == {world.home.pk}
    services.end_contract(
        contract=contract,
        actor=world.commissioner,
        ends_on=date(2026, 11, 30),
        reason="Provider left",
        now=NOW,
    )
    assert queries.contracted_location_ids(scope=scope, on=date(2026, 12, 1)) == set()
    assert queries.contracted_location_ids(scope=scope, on=date(2026, 11, 30)) == {world.home.pk}
    assert AuditEntry.objects.filter(action="contract.ended").count() == 1


def test_a_council_reads_only_its_own_contracts(world):
    a_contract(world, NOW)
    assert queries.contracts_for(world.analyst).count() == 1
    assert queries.contracts_for(world.rochdale_commissioner).count() == 0
    assert queries.contracts_for(world.acme_manager).count() == 0
    assert queries.contracts_for(None).count() == 0


HEADER = "reference,provider_id,location_ids,service_types,type,start_date,end_date,people_funded,fee_general_residential\n"


def test_a_contract_file_imports_every_line(world):
    body = (
        HEADER
        + f"OMBC-1,{world.acme.pk},{world.home.pk},Residential homes,Block,2026-04-01,,10,800\n"
        + f"OMBC-2,{world.beta.pk},,Homecare agencies,spot,2026-05-01,2027-04-30,,Band B\n"
    ).encode()
    result = services.import_contracts(
        organisation=world.oldham, actor=world.commissioner, file=body, now=NOW
    )
    assert [c.reference for c in result.contracts] == ["OMBC-1", "OMBC-2"]
    assert Contract.objects.get(reference="OMBC-2").fees.get().band == "Band B"
    # A contract naming no locations covers every location of its provider.
    scope = access.OwnerScope.of([world.oldham.pk])
    assert queries.contracted_location_ids(scope=scope, on=date(2026, 6, 1)) == {
        world.home.pk,
        world.other_home.pk,
        world.rochdale_home.pk,
    }


def test_a_contract_file_with_problems_saves_nothing_and_names_each_line_and_field(world):
    body = (
        HEADER
        + f"OMBC-1,{world.acme.pk},{world.home.pk},Residential homes,Block,2026-04-01,,10,800\n"
        + f"OMBC-2,{world.acme.pk},,,block,1 April 2026,,,\n"
        + f"OMBC-1,{world.acme.pk},,,block,2026-04-01,,,\n"
        + f"OMBC-4,{world.acme.pk},{world.other_home.pk},,weekly,2026-04-01,,,\n"
    ).encode()
    with pytest.raises(errors.FileRefused) as refused:
        services.import_contracts(organisation=world.oldham, actor=world.commissioner, file=body, now=NOW)
    found = {(p.line, p.field) for p in refused.value.problems}
    assert found == {(3, "start_date"), (4, "reference"), (5, "type"), (5, "location_ids")}
    assert not Contract.objects.exists()


def test_a_contract_file_with_wrong_headers_is_refused(world):
    with pytest.raises(errors.FileRefused) as refused:
        services.import_contracts(
            organisation=world.oldham, actor=world.commissioner, file=b"ref,provider\nA,B\n", now=NOW
        )
    assert ("reference", "Missing column") in {(p.field, p.message) for p in refused.value.problems}


def test_a_fee_that_is_not_a_number_is_kept_as_a_band_never_an_error_page(world):
    body = (HEADER + f"OMBC-1,{world.acme.pk},,,spot,2026-04-01,,,NaN\n").encode()
    services.import_contracts(organisation=world.oldham, actor=world.commissioner, file=body, now=NOW)
    assert Contract.objects.get().fees.get().band == "NaN"
