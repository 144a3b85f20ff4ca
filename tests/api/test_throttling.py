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


# --- tokens that do not work, per client address ----------------------------------------------------

BAD = bearer("cw_0123456789_not-a-real-secret")


@override_settings(CAREWATCH_API_BAD_TOKEN_RATE="3/h", CAREWATCH_API_RATE_ANON="1000/m")
def test_guessing_tokens_is_refused_with_429_after_the_limit(client, db):
    assert calls(client, 3, **BAD) == [401, 401, 401]
    response = client.get("/api/v1/market", **BAD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert response.json()["error"]["field"] == "Authorization"
    assert 1 <= int(response["Retry-After"]) <= 3600
    # another guess, a garbled header or a forged X-Forwarded-For changes nothing
    assert calls(client, 1, HTTP_AUTHORIZATION="Basic abc") == [429]
    assert calls(client, 1, HTTP_X_FORWARDED_FOR="203.0.113.9", **BAD) == [429]


@override_settings(CAREWATCH_API_BAD_TOKEN_RATE="2/h", CAREWATCH_API_RATE_ANON="1000/m")
def test_while_an_address_is_refused_even_a_real_token_from_it_waits(client, read_token):
    assert calls(client, 3, **BAD) == [401, 401, 429]
    assert calls(client, 1, **bearer(read_token)) == [429]  # a correct guess would learn nothing either
    assert calls(client, 1) == [200]  # public data without a token is still served


@override_settings(CAREWATCH_API_BAD_TOKEN_RATE="2/h", CAREWATCH_API_RATE_ANON="1000/m")
def test_bad_tokens_are_counted_per_address_and_good_ones_not_at_all(client, read_token):
    assert calls(client, 5, **bearer(read_token)) == [200] * 5
    assert calls(client, 3, **BAD) == [401, 401, 429]
    assert calls(client, 1, REMOTE_ADDR="192.0.2.7", **BAD) == [401]  # another address
