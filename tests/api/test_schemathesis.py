"""schemathesis over the OpenAPI document: no server errors, and every answer matches the schema.

Runs against the WSGI application in-process, with a few locations imported so that the register
endpoints answer with real rows as well as 404s; every other example is sent with a read token.
Throttling is switched off (a huge rate).
"""

from datetime import UTC, date, datetime
from itertools import count

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import positive_data_acceptance

from carewatch.config.wsgi import application
from carewatch.register import services
from tests.register import factories as f

UNLIMITED = {"CAREWATCH_API_RATE_ANON": "1000000/s", "CAREWATCH_API_RATE_TOKEN": "1000000/s"}


@pytest.fixture(autouse=True)
def register(db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location("1-100000001", name="Oak Lodge", rating="Good"),
        f.location("1-100000002", name="Elm House", rating="Inadequate", rated_on=date(2026, 2, 1)),
        f.location("1-100000003", name="Ash Court", rating="", care_home=False, beds=None),
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="t"
    )


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Calling the WSGI app directly fires request_started/finished, whose handler closes database
    connections (on PostgreSQL that kills the test's transaction). Django's own test client detaches
    it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(read_token) -> dict:
    return {"Authorization": f"Bearer {read_token}"}


@pytest.fixture
def council_header(db) -> dict:
    """A read token of an Oldham QA officer, for the endpoints only a council's staff may call."""
    from carewatch.core import token_services
    from tests import access_helpers as ah

    officer = ah.person(ah.council(code="E08000004"), "qa_officer", username="oldham-officer")
    secret = token_services.create_token(
        user=officer, name="t", scope="read", now=datetime(2026, 11, 22, tzinfo=UTC)
    )[1]
    return {"Authorization": f"Bearer {secret}"}


EXAMPLES = count()

# Loaded when the module is collected: the OpenAPI document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


# Endpoints that refuse an as_of before the register holds data (api/insights.py).
BEFORE_THE_DATA = {"GET /api/v1/insights/dashboard", "GET /api/v1/insights/commissioner-ratings"}
# Endpoints for council and ICB staff that refuse an as_of after today (api/risk.py): their examples carry an
# Oldham QA officer's token, so that they answer 200 as well as 401, 403 and 404.
AFTER_TODAY = {"GET /api/v1/risk", "GET /api/v1/locations/{location_id}/risk"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_openapi_document(case, token_header, council_header):
    excluded = []
    if case.operation.label == "POST /api/v1/rate":
        # The rating rules (which statements belong to which key question, which scores each framework
        # takes) are more than JSON Schema can say: a schema-valid body may rightly get 400, naming the
        # field. Every other check still applies: no 5xx, and every answer matches the document.
        excluded.append(positive_data_acceptance)
    if case.operation.label in BEFORE_THE_DATA:
        # An as_of before the register's first service is refused naming as_of (issue 13): a floor that
        # moves with the data, which the document cannot state.
        excluded.append(positive_data_acceptance)
    if case.operation.label in AFTER_TODAY:
        # an as_of after today is refused naming as_of: a bound that moves with the clock
        excluded.append(positive_data_acceptance)
    # Every other example carries a read token (so /me answers 200 as well as 401).
    staff = council_header if case.operation.label in AFTER_TODAY else token_header
    headers = staff if next(EXAMPLES) % 2 else None
    with override_settings(**UNLIMITED):
        case.call_and_validate(excluded_checks=excluded, headers=headers)


# --- the edges the generator rarely reaches (issue 12) -------------------------------------------
# Every date parameter, at and beyond the edges of the dates carewatch supports (core.dates), and
# /rate with bodies nested too deeply or with numbers too long for Python's int(): each answered in
# the error shape and as the document says, never with a server error.

OPERATIONS = {result.ok().label: result.ok() for result in schema.get_all_operations()}
DATE_PARAMETERS = [
    (label, parameter.name)
    for label, operation in OPERATIONS.items()
    for parameter in operation.query
    if "'format': 'date'" in str(parameter.definition.get("schema"))
]
INSIDE = ["2010-01-01", "2099-12-31"]
OUTSIDE = ["0001-01-01", "1969-12-31", "2009-12-31", "2100-01-01", "9999-12-31"]


def test_the_api_has_date_parameters_to_check():
    assert {label for label, _ in DATE_PARAMETERS} >= {
        "GET /api/v1/market",
        "GET /api/v1/insights/dashboard",
        "GET /api/v1/insights/commissioner-ratings",
    }


@pytest.mark.parametrize("label, name", DATE_PARAMETERS)
@pytest.mark.parametrize("value", INSIDE + OUTSIDE)
def test_every_date_parameter_answers_the_edges_of_the_supported_range(label, name, value, council_header):
    if label in AFTER_TODAY:
        path = {"location_id": "1-100000001"} if "{location_id}" in label else None
        case = OPERATIONS[label].Case(query={name: value}, path_parameters=path, headers=council_header)
    else:
        case = OPERATIONS[label].Case(query={name: value})
    with override_settings(**UNLIMITED):
        response = case.call_and_validate()
    if value in INSIDE and label in AFTER_TODAY and value > date.today().isoformat():
        assert response.status_code == 422
        assert response.json()["error"] == {
            "code": "invalid",
            "message": "as_of must be today or in the past",
            "field": name,
        }
    elif value in INSIDE and label in AFTER_TODAY and "{location_id}" in label and value < "2015":
        # Oak Lodge registered in 2015: as at an earlier day it was not an active service
        assert response.status_code == 404 and response.json()["error"]["field"] == "location_id"
    elif value in INSIDE and label in BEFORE_THE_DATA and value < "2015":
        # the small register here starts in 2015: a date before it is refused, naming the field
        assert response.status_code == 422
        assert "the earliest date the register holds data for" in response.json()["error"]["message"]
    elif value in INSIDE:
        assert response.status_code == 200
    else:
        assert response.status_code == 422
        assert response.json()["error"]["field"] == name


@pytest.mark.parametrize(
    "body",
    [
        b'{"framework": "local-authority", "scores": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"framework": "local-authority", "scores": [' + b"9" * 5_000 + b"]}",
        b'{"framework": ' + b"9" * 5_000 + b"}",
    ],
    ids=["nested", "long-number-in-a-list", "long-number-as-a-field"],
)
def test_rate_answers_hostile_bodies_in_the_error_shape(body):
    case = OPERATIONS["POST /api/v1/rate"].Case(
        body=body, media_type="application/json"
    )  # bytes: sent as they are
    with override_settings(**UNLIMITED):
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code == 400 and response.json()["error"]["field"] == "body"
