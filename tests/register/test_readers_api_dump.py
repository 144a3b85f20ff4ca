"""Reading a dump directory: envelopes, detail files, damage and the snapshot date."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carewatch.register.importers import ImportFileError
from carewatch.register.importers.api_dump import read_api_dump
from carewatch.register.importers.records import BadRecord, LocationRecord, ProviderRecord


def write_json(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value))
    return path


def make_dump(root: Path, location_ids: list[str], provider_ids: tuple[str, ...] = ("1-101612188",)) -> Path:
    write_json(
        root / "locations.json",
        {"total": len(location_ids), "locations": [{"locationId": i} for i in location_ids]},
    )
    write_json(root / "providers.json", {"providers": [{"providerId": i} for i in provider_ids]})
    for location_id in location_ids:
        detail = {"locationId": location_id, "providerId": provider_ids[0], "name": f"Home {location_id}"}
        write_json(root / "location_details" / f"location_{location_id}.json", detail)
    for provider_id in provider_ids:
        write_json(
            root / "provider_details" / f"provider_{provider_id}.json",
            {"providerId": provider_id, "name": "P"},
        )
    return root


def test_providers_then_locations_are_read_in_id_order(tmp_path: Path) -> None:
    reader = read_api_dump(make_dump(tmp_path, ["1-300000000", "1-100000000", "RT242"]))

    records = list(reader)

    assert [type(record) for record in records] == [
        ProviderRecord,
        LocationRecord,
        LocationRecord,
        LocationRecord,
    ]
    assert [record.location_id for record in records[1:]] == ["1-100000000", "1-300000000", "RT242"]  # type: ignore[union-attr]
    assert reader.estimated_total == 3
    assert reader.meta.bad_records == []


def test_the_example_detail_file_at_the_top_is_ignored(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    write_json(tmp_path / "location_details.json", {"locationId": "1-999999999"})

    records = list(read_api_dump(tmp_path))

    assert [getattr(record, "location_id", None) for record in records] == [None, "1-100000000"]


def test_a_listed_location_without_a_detail_file_is_a_bad_record(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000", "1-200000000"])
    (tmp_path / "location_details" / "location_1-200000000.json").unlink()

    reader = read_api_dump(tmp_path)
    records = list(reader)

    assert len(records) == 2
    assert reader.meta.bad_records == [
        BadRecord(
            "locations.json",
            "record 1-200000000",
            "locationId",
            "listed in locations.json but there is no location_details/location_1-200000000.json",
        )
    ]


def test_a_truncated_detail_file_is_a_bad_record_with_the_json_error_position(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000", "1-200000000"])
    damaged = tmp_path / "location_details" / "location_1-200000000.json"
    damaged.write_text('{"locationId": "1-200000000", "name": "Hal')

    reader = read_api_dump(tmp_path)
    records = list(reader)

    assert len(records) == 2
    [problem] = reader.meta.bad_records
    assert (problem.source, problem.where, problem.field) == (
        "location_details/location_1-200000000.json",
        "record 1-200000000",
        "(file)",
    )
    assert problem.reason.startswith("invalid JSON at line 1, column 39 (char 38): Unterminated string")


def test_a_detail_file_holding_another_location_is_a_bad_record(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    write_json(tmp_path / "location_details" / "location_1-100000000.json", {"locationId": "1-999999999"})

    reader = read_api_dump(tmp_path)

    assert [type(record) for record in reader] == [ProviderRecord]
    assert reader.meta.bad_records[0].reason == "the file is named for '1-100000000' but holds '1-999999999'"


def test_a_detail_file_not_listed_is_still_read(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    write_json(tmp_path / "location_details" / "location_1-200000000.json", {"locationId": "1-200000000"})

    ids = [record.location_id for record in read_api_dump(tmp_path) if isinstance(record, LocationRecord)]

    assert ids == ["1-100000000", "1-200000000"]


def test_the_snapshot_date_comes_from_snapshot_json(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    write_json(tmp_path / "snapshot.json", {"as_of": "2026-11-01", "source": "carewatch generate --seed 1"})

    meta = read_api_dump(tmp_path).meta

    assert (meta.as_of, meta.source_kind, meta.complete_register) == (date(2026, 11, 1), "api-dump", False)


def test_without_snapshot_json_the_date_is_that_of_the_newest_file(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    stamp = datetime(2025, 3, 4, 12, tzinfo=UTC).timestamp()
    for path in tmp_path.rglob("*.json"):
        os.utime(path, (stamp, stamp))
    newest = tmp_path / "location_details" / "location_1-100000000.json"
    os.utime(newest, (stamp + 86400, stamp + 86400))

    assert read_api_dump(tmp_path).meta.as_of == date(2025, 3, 5)


def test_a_bad_snapshot_date_is_an_import_file_error(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    write_json(tmp_path / "snapshot.json", {"as_of": "2026-02-30"})

    with pytest.raises(ImportFileError, match="snapshot.json: as_of is not a date"):
        read_api_dump(tmp_path)


def test_a_damaged_list_envelope_is_an_import_file_error(tmp_path: Path) -> None:
    make_dump(tmp_path, ["1-100000000"])
    (tmp_path / "locations.json").write_text('{"locations": [')

    with pytest.raises(ImportFileError, match=r"locations\.json: invalid JSON at line 1"):
        read_api_dump(tmp_path)


def test_a_directory_that_is_not_a_dump_is_an_import_file_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a CQC API dump"):
        read_api_dump(tmp_path)


@pytest.mark.parametrize(
    "link",
    [
        "location_details/location_1-100000000.json",
        "provider_details/provider_1-101612188.json",
        "locations.json",
        "snapshot.json",
    ],
)
def test_a_file_linked_from_outside_the_dump_is_refused_naming_the_link(tmp_path: Path, link: str) -> None:
    dump = make_dump(tmp_path / "dump", ["1-100000000"])
    write_json(dump / "snapshot.json", {"as_of": "2026-11-01"})
    # a readable JSON file outside the dump (as root, the probe linked /etc/shadow)
    outside = write_json(tmp_path / "elsewhere" / "secret.json", json.loads((dump / link).read_text()))
    (dump / link).unlink()
    (dump / link).symlink_to(outside)

    with pytest.raises(ImportFileError) as refused:
        list(read_api_dump(dump))

    assert str(refused.value) == (
        f"{dump / link}: a symbolic link (to {outside}); carewatch reads only the dump's own files, "
        "so the dump is refused"
    )


def test_a_details_folder_linked_from_outside_the_dump_is_refused(tmp_path: Path) -> None:
    dump = make_dump(tmp_path / "dump", ["1-100000000"])
    (dump / "location_details").rename(tmp_path / "elsewhere")
    (dump / "location_details").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(ImportFileError, match=r"/dump/location_details: a symbolic link \(to "):
        list(read_api_dump(dump))


def test_a_file_swapped_for_a_link_after_the_check_is_still_not_followed(tmp_path: Path) -> None:
    dump = make_dump(tmp_path / "dump", ["1-100000000"])
    reader = read_api_dump(dump)
    detail = dump / "location_details" / "location_1-100000000.json"
    outside = write_json(tmp_path / "secret.json", json.loads(detail.read_text()))
    detail.unlink()
    detail.symlink_to(outside)

    with pytest.raises(ImportFileError, match=r"location_1-100000000\.json: a symbolic link"):
        list(reader)


def test_a_listed_id_that_names_a_path_outside_the_dump_is_a_bad_record_and_nothing_outside_is_read(
    tmp_path: Path,
) -> None:
    dump = make_dump(tmp_path / "dump", ["1-100000000"])
    escaping = "../../../../elsewhere/location_x"  # location_details/location_../../../../elsewhere/…
    (dump / "location_details" / "location_..").mkdir()
    write_json(tmp_path / "elsewhere" / "location_x.json", {"locationId": escaping, "name": "Secret"})
    write_json(
        dump / "locations.json", {"locations": [{"locationId": "1-100000000"}, {"locationId": escaping}]}
    )

    reader = read_api_dump(dump)
    records = list(reader)

    assert "Secret" not in [getattr(record, "name", None) for record in records]
    [problem] = reader.meta.bad_records
    assert (problem.source, problem.where, problem.field) == (
        "locations.json",
        f"record {escaping}",
        "locationId",
    )
    assert problem.reason == "not a CQC id: it has a / in it, so it cannot name a file in the dump"
