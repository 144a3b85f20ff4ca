"""One error shape for every refusal and fault, never the inside of the server."""

import pytest
from django.core.exceptions import PermissionDenied

from carewatch.register import queries


def assert_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nowhere", "/api/v1/locations/1-1/extra"])
def test_an_unknown_path_under_the_api_is_a_404_in_the_shape(client, db, path):
    assert_shape(client.get(path), 404, "not_found")


def test_a_wrong_method_is_a_405_in_the_shape_naming_the_allowed_ones(client, db):
    response = client.delete("/api/v1/locations")
    assert_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_a_fault_is_a_500_in_the_shape_without_the_details(client, db, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(queries, "market_figures", broken)
    response = client.get("/api/v1/market")
    assert_shape(response, 500, "server_error")
    assert b"hunter2" not in response.content and b"Traceback" not in response.content
    assert "hunter2" in caplog.text  # logged for us


def test_a_refusal_from_the_access_rules_is_a_403_in_the_shape(client, db, monkeypatch):
    def refused(**kwargs):
        raise PermissionDenied("That record belongs to another organisation.")

    monkeypatch.setattr(queries, "market_figures", refused)
    error = assert_shape(client.get("/api/v1/market"), 403, "forbidden")
    assert error["message"] == "That record belongs to another organisation."


def test_a_bad_parameter_is_a_422_naming_it(client, db):
    assert assert_shape(client.get("/api/v1/locations?page=x"), 422, "invalid")["field"] == "page"


def test_an_unknown_record_is_a_404_naming_the_parameter(client, db):
    assert assert_shape(client.get("/api/v1/providers/1-0"), 404, "not_found")["field"] == "provider_id"


def test_a_body_that_is_not_json_is_a_400(client, db):
    response = client.post("/api/v1/rate", "{nope", content_type="application/json")
    assert assert_shape(response, 400, "invalid_json")["field"] == "body"


# --- hostile bodies (issue 12) ------------------------------------------------------------------


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_a_body_nested_too_deeply_is_a_400_naming_the_body(client, db, depth):
    body = '{"framework": "local-authority", "scores": ' + "[" * depth + "]" * depth + "}"
    error = assert_shape(
        client.post("/api/v1/rate", body, content_type="application/json"), 400, "invalid_json"
    )
    assert error["field"] == "body" and "nested" in error["message"]


def test_a_number_of_5000_digits_is_a_400_naming_the_body(client, db):
    body = '{"framework": "local-authority", "scores": [' + "9" * 5000 + "]}"
    error = assert_shape(
        client.post("/api/v1/rate", body, content_type="application/json"), 400, "invalid_json"
    )
    assert error["field"] == "body" and "4,300 digits" in error["message"]


def test_a_body_over_the_request_limit_is_a_413_in_the_shape(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"framework": "local-authority", "scores": [' + ",".join(["3"] * 1000) + "]}"
    error = assert_shape(client.post("/api/v1/rate", body, content_type="application/json"), 413, "too_large")
    assert error["field"] == "body" and "CAREWATCH_MAX_REQUEST_MB" in error["message"]
