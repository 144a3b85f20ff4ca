"""API tokens: created with a one-time secret, stored as a hash, looked up, revoked, all audited."""

import hashlib
from datetime import timedelta

import pytest

from carewatch.core import token_queries, token_services
from carewatch.core.models import ApiToken, AuditEntry
from tests.api.conftest import NOW


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(analyst):
    token, secret = token_services.create_token(user=analyst, name="Weekly report", scope="read", now=NOW)
    assert secret.startswith(f"cw_{token.prefix}_") and len(secret) > 50
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.split("_", 2)[2] not in str(stored.__dict__)
    assert (stored.user, stored.name, stored.scope, stored.created_at) == (
        analyst,
        "Weekly report",
        "read",
        NOW,
    )


def test_creating_a_token_is_audited_without_the_secret(analyst):
    token, secret = token_services.create_token(user=analyst, name="Weekly report", scope="write", now=NOW)
    entry = AuditEntry.objects.get(action="api.token_created")
    assert (entry.actor, entry.object_type, entry.object_id, entry.at) == (
        analyst,
        "api_token",
        str(token.pk),
        NOW,
    )
    assert entry.after == {"user": "ana", "name": "Weekly report", "prefix": token.prefix, "scope": "write"}
    assert secret not in str(entry.after)


@pytest.mark.parametrize(
    ("name", "scope", "field"),
    [("", "read", "name"), ("   ", "read", "name"), ("x" * 101, "read", "name"), ("ok", "admin", "scope")],
)
def test_a_token_needs_a_name_and_a_known_scope(analyst, name, scope, field):
    with pytest.raises(token_services.TokenError) as problem:
        token_services.create_token(user=analyst, name=name, scope=scope, now=NOW)
    assert problem.value.field == field
    assert not ApiToken.objects.exists() and not AuditEntry.objects.exists()


def test_a_token_authenticates_its_owner(analyst, read_token):
    token = token_services.authenticate_token(read_token, now=NOW)
    assert token is not None and token.user == analyst


@pytest.mark.parametrize(
    "raw", ["", "cw_", "cw__x", "nonsense", "cw_0000000000_nope", "Bearer cw_x_y", "xx_abc_def"]
)
def test_malformed_and_unknown_tokens_authenticate_nobody(read_token, raw):
    assert token_services.authenticate_token(raw, now=NOW) is None


def test_a_token_with_the_right_prefix_but_the_wrong_secret_authenticates_nobody(read_token):
    prefix = token_services.parse(read_token)
    assert token_services.authenticate_token(f"cw_{prefix}_{'x' * 40}", now=NOW) is None


def test_a_revoked_token_authenticates_nobody(analyst, read_token):
    token = token_services.authenticate_token(read_token, now=NOW)
    token_services.revoke_token(token=token, by=analyst, now=NOW)
    assert token_services.authenticate_token(read_token, now=NOW) is None


def test_the_token_of_a_deactivated_person_authenticates_nobody(analyst, read_token):
    analyst.is_active = False
    analyst.save()
    assert token_services.authenticate_token(read_token, now=NOW) is None


def test_last_used_is_recorded_at_most_once_a_minute(read_token):
    token_services.authenticate_token(read_token, now=NOW)
    token_services.authenticate_token(read_token, now=NOW + timedelta(seconds=59))
    assert ApiToken.objects.get().last_used_at == NOW
    token_services.authenticate_token(read_token, now=NOW + timedelta(seconds=60))
    assert ApiToken.objects.get().last_used_at == NOW + timedelta(seconds=60)


def test_revoking_is_audited_once_even_if_asked_twice(analyst, read_token):
    token = ApiToken.objects.get()
    token_services.revoke_token(token=token, by=analyst, now=NOW)
    token_services.revoke_token(token=token, by=analyst, now=NOW + timedelta(hours=1))
    assert ApiToken.objects.get().revoked_at == NOW
    entry = AuditEntry.objects.get(action="api.token_revoked")
    assert (entry.actor, entry.object_id, entry.before) == (analyst, str(token.pk), {"revoked_at": None})


def test_nobody_revokes_another_persons_token(read_token, someone_else):
    with pytest.raises(token_services.TokenError):
        token_services.revoke_token(token=ApiToken.objects.get(), by=someone_else, now=NOW)
    assert ApiToken.objects.get().revoked_at is None


def test_a_person_lists_only_their_own_tokens_live_first(analyst, someone_else):
    old, _ = token_services.create_token(user=analyst, name="Old", scope="read", now=NOW)
    new, _ = token_services.create_token(user=analyst, name="New", scope="read", now=NOW + timedelta(days=1))
    token_services.revoke_token(token=new, by=analyst, now=NOW + timedelta(days=2))
    token_services.create_token(user=someone_else, name="Theirs", scope="read", now=NOW)
    assert [t.name for t in token_queries.tokens_of(analyst)] == ["Old", "New"]
    with pytest.raises(ApiToken.DoesNotExist):
        token_queries.token_of(someone_else, old.pk)
