"""Rate limits: per address without a token, per token with one; 429 in the shape with Retry-After."""

from django.test import override_settings

from tests.api.conftest import bearer


def calls(client, n: int, **headers) -> list[int]:
    return [client.get("/api/v1/market", **headers).status_code for _ in range(n)]


@override_settings(CAREWATCH_API_RATE_ANON="2/m")
def test_anonymous_calls_beyond_the_rate_get_429_with_retry_after(client, db):
    assert calls(client, 2) == [200, 200]
    response = client.get("/api/v1/market")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


@override_settings(CAREWATCH_API_RATE_ANON="2/m")
def test_each_address_has_its_own_allowance(client, db):
    assert calls(client, 3) == [200, 200, 429]
    assert calls(client, 1, REMOTE_ADDR="192.0.2.7") == [200]


@override_settings(CAREWATCH_API_RATE_ANON="2/m")
def test_a_forged_forwarded_for_header_does_not_reset_the_allowance(client, db):
    assert calls(client, 2) == [200, 200]
    assert calls(client, 1, HTTP_X_FORWARDED_FOR="203.0.113.9") == [429]


@override_settings(CAREWATCH_API_RATE_ANON="1/m", CAREWATCH_API_RATE_TOKEN="3/m")
def test_a_token_has_its_own_larger_allowance(client, read_token, write_token):
    assert calls(client, 2) == [200, 429]
    assert calls(client, 4, **bearer(read_token)) == [200, 200, 200, 429]
    assert calls(client, 1, **bearer(write_token)) == [200]  # another token, another allowance
