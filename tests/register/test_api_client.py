"""The live CQC API client and its resumable reader, against a local server replaying Oldham's responses.

The server (tests/register/replay_server.py) listens on 127.0.0.1 only and injects faults per test.
Waits go to an injected ``sleep`` that only records them, so nothing here really backs off.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from carewatch.register.importers.api_client import (
    DEFAULT_USER_AGENT,
    CQCApiError,
    CQCClient,
    LiveApiReader,
    ResumeStateError,
    read_live_api,
)
from carewatch.register.importers.records import LocationRecord, ProviderRecord
from tests.conftest import OLDHAM_DUMP
from tests.register.replay_server import Fault, ReplayServer

KEY = "test-key"
AS_OF = date(2026, 11, 8)
DETAIL = "/locations/"  # a location detail request, not the list (/locations?page=…)


@pytest.fixture
def server(oldham_dump: Path):
    with ReplayServer(oldham_dump, api_key=KEY) as replay:
        yield replay


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(server: ReplayServer, sleeps: list[float]):
    with make_client(server, sleeps) as api:
        yield api


def make_client(server: ReplayServer, sleeps: list[float], **options) -> CQCClient:
    settings = {"timeout": 2.0, "max_retries": 3, "sleep": sleeps.append, "backoff": 0.5} | options
    key = settings.pop("api_key", KEY)
    return CQCClient(server.base_url, key, **settings)


def oldham_location_ids(dump: Path) -> list[str]:
    return [item["locationId"] for item in json.loads((dump / "locations.json").read_text())["locations"]]


def detail_file(dump: Path, location_id: str) -> dict:
    return json.loads((dump / "location_details" / f"location_{location_id}.json").read_text())


def requested_location_ids(server: ReplayServer) -> list[str]:
    return [urlsplit(path).path.rsplit("/", 1)[1] for path in server.paths(DETAIL)]


def run(reader: LiveApiReader) -> dict[tuple[str, str], LocationRecord | ProviderRecord]:
    """Iterate a reader to the end: its records keyed by kind and id (each id yielded once)."""
    records: dict[tuple[str, str], LocationRecord | ProviderRecord] = {}
    for record in reader:
        if isinstance(record, LocationRecord):
            key = ("location", record.location_id)
        else:
            key = ("provider", record.provider_id)
        assert key not in records, f"{key} yielded twice"
        records[key] = record
    return records


def locations(records: dict) -> set[str]:
    return {record_id for kind, record_id in records if kind == "location"}


# -- requests, headers and errors ---------------------------------------------------------------


def test_every_request_sends_the_subscription_key_and_user_agent(server, client, oldham_dump):
    location_id = oldham_location_ids(oldham_dump)[0]

    detail = client.location(location_id)

    assert detail == detail_file(oldham_dump, location_id)
    (seen,) = server.requests
    assert seen.path == f"/public/v1/locations/{location_id}"
    assert seen.headers["ocp-apim-subscription-key"] == KEY
    assert seen.headers["user-agent"] == DEFAULT_USER_AGENT


def test_a_wrong_key_fails_at_once_with_a_hint_about_the_setting(server, sleeps):
    with make_client(server, sleeps, api_key="not-the-key") as api, pytest.raises(CQCApiError) as caught:
        api.provider("1-1004515435")

    error = caught.value
    assert error.status == 403 and error.attempts == 1 and error.is_auth_error
    assert "CQC_API_KEY" in str(error) and "/public/v1/providers/1-1004515435" in str(error)
    assert len(server.requests) == 1 and sleeps == []


def test_the_replay_server_refuses_a_request_without_a_user_agent_as_the_real_api_does(server):
    address = urlsplit(server.base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=2)
    connection.putrequest("GET", "/public/v1/providers/1-1004515435", skip_accept_encoding=True)
    connection.putheader("Ocp-Apim-Subscription-Key", KEY)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()

    assert response.status == 403
    assert "user-agent" not in server.requests[0].headers


def test_a_client_whose_user_agent_was_removed_gets_a_403_that_names_the_user_agent(server, client):
    del client._http.headers["User-Agent"]  # httpx would otherwise send its own

    with pytest.raises(CQCApiError) as caught:
        client.location("1-10024040008")

    assert caught.value.status == 403 and "User-Agent" in str(caught.value)
    assert "user-agent" not in server.requests[0].headers


def test_a_client_from_settings_uses_the_configured_base_url_and_key(server, settings):
    settings.CQC_API_BASE_URL, settings.CQC_API_KEY = server.base_url, KEY

    with CQCClient.from_settings(timeout=2.0) as api:
        assert api.provider("1-1004515435")["providerId"] == "1-1004515435"

    settings.CQC_API_KEY = ""
    with pytest.raises(CQCApiError, match="CQC_API_KEY is not set"):
        CQCClient.from_settings()


def test_a_client_cannot_be_built_without_a_user_agent():
    with pytest.raises(ValueError, match="User-Agent"):
        CQCClient("http://127.0.0.1:9/public/v1", KEY, user_agent="")


def test_an_unknown_id_fails_at_once_with_its_status(server, client):
    with pytest.raises(CQCApiError) as caught:
        client.location("1-000000000")

    assert caught.value.status == 404 and caught.value.attempts == 1 and not caught.value.gave_up
    assert len(server.requests) == 1


def test_the_key_is_never_sent_to_a_host_other_than_the_base_urls(client):
    with pytest.raises(CQCApiError, match="not under"):
        client.get_json("https://example.invalid/public/v1/locations")


# -- paging ---------------------------------------------------------------------------------------


def test_location_ids_follow_next_page_uri_across_pages(server, sleeps, oldham_dump):
    with make_client(server, sleeps, per_page=100) as api:
        ids = list(api.iter_location_ids())

    assert ids == oldham_location_ids(oldham_dump)
    assert len(ids) == 451
    assert server.paths() == [f"/public/v1/locations?page={page}&perPage=100" for page in range(1, 6)]


def test_provider_ids_follow_next_page_uri_across_pages(server, sleeps, oldham_dump):
    with make_client(server, sleeps, per_page=7) as api:
        ids = list(api.iter_provider_ids())

    providers = json.loads((oldham_dump / "providers.json").read_text())["providers"]
    assert ids == [item["providerId"] for item in providers]
    assert len(server.paths(r"/providers\?")) == 3


def test_changes_send_timestamps_with_unencoded_colons_and_page_through_the_result(
    server, client, oldham_dump
):
    server.default_per_page = 12
    start = datetime(2026, 11, 1, tzinfo=UTC)
    end = datetime(2026, 11, 8, 13, 30, tzinfo=timezone(timedelta(hours=1)))  # 12:30 UTC

    ids = list(client.iter_changed_location_ids(start, end))

    assert ids == oldham_location_ids(oldham_dump)[:30]
    first, *rest = server.paths()
    assert first == (
        "/public/v1/changes/location?startTimestamp=2026-11-01T00:00:00Z&endTimestamp=2026-11-08T12:30:00Z"
    )
    assert len(rest) == 2 and all("%3A" not in path.upper() for path in server.paths())


# -- retries --------------------------------------------------------------------------------------


def test_a_429_waits_for_the_retry_after_seconds_then_succeeds(server, client, sleeps, oldham_dump):
    location_id = oldham_location_ids(oldham_dump)[3]
    server.script(DETAIL, Fault(status=429, retry_after="7"), Fault(status=429, retry_after="2"))

    detail = client.location(location_id)

    assert detail == detail_file(oldham_dump, location_id)
    assert sleeps == [7.0, 2.0]
    assert len(server.requests) == 3


def test_a_429_without_retry_after_backs_off_exponentially(server, client, sleeps):
    server.script(DETAIL, Fault(status=429), Fault(status=429), Fault(status=429))

    client.location("1-10024040008")

    assert sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_retried(server, client, sleeps, status):
    server.script(DETAIL, Fault(status=status), Fault(status=status))

    detail = client.location("1-10024040008")

    assert detail["locationId"] == "1-10024040008"
    assert len(server.requests) == 3 and len(sleeps) == 2


def test_a_timeout_is_retried(server, sleeps):
    server.script(DETAIL, Fault(delay=0.6))

    with make_client(server, sleeps, timeout=0.2) as api:
        detail = api.location("1-10024040008")

    assert detail["locationId"] == "1-10024040008"
    assert len(server.paths(DETAIL)) == 2 and sleeps == [0.5]


def test_truncated_json_is_retried(server, client, sleeps):
    server.script(DETAIL, Fault(truncate=True))

    assert client.location("1-10024040008")["locationId"] == "1-10024040008"
    assert len(server.requests) == 2 and sleeps == [0.5]


def test_a_connection_dropped_mid_body_is_retried(server, client, sleeps):
    server.script(r"/locations\?", Fault(drop=True))

    assert len(list(client.iter_location_ids())) == 451
    assert len(server.requests) == 2 and sleeps == [0.5]


def test_a_request_that_keeps_failing_gives_up_with_an_error_naming_url_status_and_attempts(server, sleeps):
    server.fail_after(DETAIL, 0, Fault(status=503))

    with make_client(server, sleeps, max_retries=2) as api, pytest.raises(CQCApiError) as caught:
        api.location("1-10024040008")

    error = caught.value
    assert str(error) == (
        f"GET {server.base_url}/locations/1-10024040008 failed after 3 attempts: 503 Service Unavailable"
    )
    assert (error.status, error.attempts, error.gave_up) == (503, 3, True)
    assert len(server.requests) == 3 and sleeps == [0.5, 1.0]


# -- the reader: full sync, changes, resuming ----------------------------------------------------


@dataclass
class Baseline:
    """One full sync that nothing interrupted, on its own server and state path."""

    records: dict
    problems: list[tuple[str, str]]
    reader: LiveApiReader
    base_url: str
    detail_requests: list[str]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> Baseline:
    if not OLDHAM_DUMP.is_dir():
        pytest.skip(f"real CQC data not found at {OLDHAM_DUMP}: ../shared/data is absent")
    with ReplayServer(OLDHAM_DUMP, api_key=KEY) as replay, make_client(replay, []) as api:
        reader = read_live_api(
            api, state_path=tmp_path_factory.mktemp("baseline") / "state.json", as_of=AS_OF
        )
        records = run(reader)
        return Baseline(records, problems(reader), reader, replay.base_url, replay.paths(DETAIL))


def problems(reader: LiveApiReader) -> list[tuple[str, str]]:
    """Where and in which field each bad record is (its URL holds the server's port: left out)."""
    return sorted((bad.where, bad.field) for bad in reader.meta.bad_records)


def test_a_full_sync_yields_every_location_and_the_providers_they_name(uninterrupted, oldham_dump):
    reader = uninterrupted.reader

    assert locations(uninterrupted.records) == set(oldham_location_ids(oldham_dump))
    assert len(uninterrupted.detail_requests) == reader.estimated_total == 451
    assert (reader.meta.source_kind, reader.meta.as_of, reader.meta.complete_register) == (
        "api-live",
        AS_OF,
        False,
    )
    # The dump holds details for the 20 Oldham providers only: the other providers its locations
    # name are 404s here, each a warning naming the id and the URL (the location is still imported);
    # none stops the sync.
    providers = {record_id for kind, record_id in uninterrupted.records if kind == "provider"}
    provider_files = {
        path.stem.removeprefix("provider_") for path in (oldham_dump / "provider_details").iterdir()
    }
    assert providers and providers <= provider_files
    unfetched = [bad for bad in reader.meta.warnings if bad.field == "detail"]
    assert not [bad for bad in reader.meta.bad_records if bad.field == "detail"]
    assert unfetched and all(
        bad.source.startswith(f"{uninterrupted.base_url}/providers/") for bad in unfetched
    )
    assert all(
        bad.where == f"record {bad.source.rsplit('/', 1)[1]}" and "404" in bad.reason for bad in unfetched
    )


def test_a_sync_interrupted_by_ctrl_c_resumes_without_fetching_again(server, sleeps, uninterrupted, tmp_path):
    state_path = tmp_path / "sync" / "state.json"
    with make_client(server, sleeps) as api:
        fetch = api.location
        calls = 0

        def location_then_ctrl_c(location_id: str) -> dict:
            nonlocal calls
            calls += 1
            if calls > 150:
                raise KeyboardInterrupt
            return fetch(location_id)

        api.location = location_then_ctrl_c  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            run(read_live_api(api, state_path=state_path, as_of=AS_OF))
    fetched_first = set(requested_location_ids(server))
    providers_first = set(server.paths("/providers/"))
    assert len(fetched_first) == 150
    assert json.loads(state_path.read_text())["next_index"] == 150
    server.forget_requests()

    with make_client(server, sleeps) as api:
        reader = read_live_api(api, state_path=state_path, as_of=AS_OF)
        records = run(reader)

    fetched_again = set(requested_location_ids(server))
    assert fetched_again.isdisjoint(fetched_first)
    assert len(fetched_again) == 451 - 150
    assert set(server.paths("/providers/")).isdisjoint(providers_first)  # the 404s as well
    assert not server.paths(r"/locations\?")  # the saved plan: the list is not fetched again
    assert (records, problems(reader)) == (uninterrupted.records, uninterrupted.problems)
    assert len(locations(records)) == 451


def test_a_sync_stopped_by_the_api_going_away_resumes_where_it_stopped(
    server, sleeps, uninterrupted, tmp_path
):
    state_path = tmp_path / "state.json"
    server.fail_after(DETAIL, 200, Fault(status=503))
    with make_client(server, sleeps, max_retries=1) as api, pytest.raises(CQCApiError) as caught:
        run(read_live_api(api, state_path=state_path, as_of=AS_OF, max_consecutive_failures=3))
    assert "3 detail requests in a row failed" in str(caught.value)
    assert str(state_path) in str(caught.value)
    fetched_first = set(requested_location_ids(server)[:200])
    server.heal()
    server.forget_requests()

    with make_client(server, sleeps) as api:
        reader = read_live_api(api, state_path=state_path, as_of=AS_OF)
        records = run(reader)

    assert set(requested_location_ids(server)).isdisjoint(fetched_first)
    assert len(requested_location_ids(server)) == 451 - 200
    assert (records, problems(reader)) == (uninterrupted.records, uninterrupted.problems)

    server.forget_requests()
    with make_client(server, sleeps) as api:
        again = read_live_api(api, state_path=state_path, as_of=AS_OF)
        assert run(again) == records  # a finished sync replays from its cache…
    assert server.requests == []

    again.discard_state()  # …until its state is discarded
    assert not state_path.exists() and not again.details_dir.exists()


def test_a_changes_sync_fetches_only_the_changed_locations(server, client, oldham_dump, tmp_path):
    changed = oldham_location_ids(oldham_dump)[100:112]
    server.changed_ids = changed
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC)

    reader = read_live_api(
        client, mode="changes", start=start, end=end, state_path=tmp_path / "s.json", as_of=AS_OF
    )
    records = run(reader)

    assert locations(records) == set(changed)
    assert sorted(requested_location_ids(server)) == sorted(changed)
    assert reader.estimated_total == 12
    assert "2026-11-01T00:00:00Z to 2026-11-08T00:00:00Z" in reader.meta.source_name


def test_a_detail_that_stays_broken_is_a_bad_record_and_the_sync_goes_on(
    server, sleeps, oldham_dump, tmp_path
):
    changed = oldham_location_ids(oldham_dump)[:12]
    server.changed_ids = changed
    broken = changed[5]
    server.fail_after(f"/locations/{broken}$", 0, Fault(status=500))
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC)

    with make_client(server, sleeps, max_retries=1) as api:
        reader = read_live_api(
            api, mode="changes", start=start, end=end, state_path=tmp_path / "s.json", as_of=AS_OF
        )
        records = run(reader)

    assert locations(records) == set(changed) - {broken}
    (bad,) = [bad for bad in reader.meta.bad_records if broken in bad.where]
    assert bad.source == f"{server.base_url}/locations/{broken}"
    assert "500" in bad.reason and "2 attempts" in bad.reason


def test_a_state_path_holding_another_sync_is_refused(server, client, tmp_path):
    state_path = tmp_path / "state.json"
    server.changed_ids = []
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)
    read_live_api(client, mode="changes", start=start, end=end, state_path=state_path, as_of=AS_OF)

    with pytest.raises(ResumeStateError, match="another sync"):
        read_live_api(client, mode="full", state_path=state_path, as_of=AS_OF)
