"""Request ids and JSON logs; Sentry only when SENTRY_DSN is set, and never the network in tests."""

import json
import logging
import sys

from carewatch.ops import logs, request_id


def _record(message="hello", **extra):
    record = logging.makeLogRecord(
        {"name": "carewatch.test", "levelname": "WARNING", "msg": message, **extra}
    )
    logs.RequestIdFilter().filter(record)
    return record


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_nginx_request_id_is_kept_and_a_bad_one_replaced(client):
    given = "0f9e8d7c6b5a49382716afbecd012345"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    bad = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert bad != "<script>\n" and len(bad) == 32


def test_json_lines_carry_the_request_id_and_extra_fields():
    token = request_id.current.set("abc123def456")
    try:
        line = logs.JsonFormatter().format(_record("import took %s s", args=(3,), snapshot=42))
    finally:
        request_id.current.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "import took 3 s"
    assert entry["request_id"] == "abc123def456"
    assert entry["level"] == "WARNING" and entry["logger"] == "carewatch.test"
    assert entry["snapshot"] == 42


def test_a_logged_exception_stays_one_json_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        line = logs.JsonFormatter().format(_record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "ValueError: bad" in json.loads(line)["exception"]


def test_a_log_line_written_during_a_request_names_that_request(client, settings, caplog):
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(logs.JsonFormatter().format(record))

    handler = Keep()
    handler.addFilter(logs.RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page-here/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404, seen
    assert seen, "nothing logged"
    assert any(json.loads(line).get("request_id") == response["X-Request-ID"] for line in seen), (
        seen,
        response["X-Request-ID"],
    )


def test_sentry_is_not_loaded_without_a_dsn():
    # carewatch.ops.apps imports sentry_sdk only when SENTRY_DSN is set; the test settings leave it empty.
    assert "sentry_sdk" not in sys.modules or not _sentry_client_active()


def _sentry_client_active():
    import sentry_sdk

    return sentry_sdk.get_client().is_active()


def test_sentry_sends_an_error_with_its_request_id_through_the_transport_given(settings):
    import sentry_sdk
    from sentry_sdk.transport import Transport

    sent = []

    class Collect(Transport):
        def capture_envelope(self, envelope):
            sent.append(envelope)

    from carewatch.ops import sentry

    try:
        sentry.start("https://public@sentry.invalid/1", transport=Collect)
        try:
            raise RuntimeError("boom in a task")
        except RuntimeError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: a client that sends nothing
    assert len(sent) == 1
    assert "boom in a task" in json.dumps([item.payload.json for item in sent[0].items if item.payload.json])
