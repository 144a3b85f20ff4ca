"""Whole public pages kept under the data's version (carewatch.config.page_cache): served again to the
public, never to or from a signed-in person or a visitor with a session, each visitor with their own
CSRF token, and gone as soon as an audited write (an import, an undo, a published QA summary) commits."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.config import page_cache
from carewatch.core import data_version
from carewatch.core.roles import Role
from carewatch.monitoring import services as monitoring_services
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.cases import factories as f
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401  (the fixture)
from tests.register import factories as rf

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def service_page_url(location) -> str:
    return reverse("public:location_detail", kwargs={"location_id": location.pk})


def test_a_service_page_is_kept_and_served_again_to_the_next_member_of_the_public(shared_cache):
    home = f.location(name="Oak House")
    first = Client().get(service_page_url(home))
    second = Client().get(service_page_url(home))
    assert (first.status_code, first[page_cache.HEADER]) == (200, "miss")
    assert (second.status_code, second[page_cache.HEADER]) == (200, "hit")
    assert "Oak House" in second.content.decode()
    # Headers outside the page cache come afresh on each response.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"


def test_a_kept_page_gives_each_visitor_their_own_csrf_token_and_their_form_works(shared_cache):
    home = f.location(name="Oak House")
    first_visitor, second_visitor = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = first_visitor.get(service_page_url(home))
    second = second_visitor.get(service_page_url(home))
    assert second[page_cache.HEADER] == "hit"
    first_tokens, second_tokens = (
        TOKEN.findall(first.content.decode()),
        TOKEN.findall(second.content.decode()),
    )
    assert first_tokens and second_tokens
    assert not set(first_tokens) & set(second_tokens)
    assert page_cache.CSRF_PLACEHOLDER.decode() not in second.content.decode()
    assert "csrftoken" in second.cookies  # their own cookie, as Django sets it for a page with a form
    added = second_visitor.post(
        "/shortlist/", {"action": "add", "id": home.pk, "csrfmiddlewaretoken": second_tokens[0]}
    )
    assert added.status_code == 302
    # The first visitor's token is no good to the second (a token from another visitor's page).
    other = Client(enforce_csrf_checks=True)
    other.get(service_page_url(home))
    refused = other.post(
        "/shortlist/", {"action": "add", "id": home.pk, "csrfmiddlewaretoken": first_tokens[0]}
    )
    assert refused.status_code == 403


def test_a_signed_in_officers_page_is_never_kept_and_a_kept_page_is_never_served_to_them(shared_cache):
    council = f.council()
    officer = ah.person(council, Role.QA_OFFICER, username="olive")
    officer.first_name, officer.last_name = "Olive", "Officer"
    officer.save(update_fields=["first_name", "last_name"])
    home = f.location(council, name="Oak House")
    dashboard = reverse("insights:dashboard")

    signed_in = Client()
    ah.sign_in(signed_in, officer)
    theirs = signed_in.get(dashboard)
    assert theirs.status_code == 200 and page_cache.HEADER not in theirs
    public = Client().get(dashboard)
    assert public[page_cache.HEADER] == "miss"  # the officer's page was not kept
    assert "Olive Officer" in theirs.content.decode() or "Sign out" in theirs.content.decode()
    assert "Sign out" not in public.content.decode() and "Olive Officer" not in public.content.decode()

    assert Client().get(service_page_url(home))[page_cache.HEADER] == "miss"
    for url in (dashboard, service_page_url(home)):
        again = signed_in.get(url)
        assert page_cache.HEADER not in again and "Sign out" in again.content.decode()


def test_a_visitor_with_a_shortlist_is_not_served_the_kept_page_and_theirs_is_not_kept(shared_cache):
    home = f.location(name="Oak House")
    assert Client().get(service_page_url(home))[page_cache.HEADER] == "miss"
    visitor = Client()
    visitor.post("/shortlist/", {"action": "add", "id": home.pk})
    assert "sessionid" in visitor.cookies
    theirs = visitor.get(service_page_url(home))
    assert page_cache.HEADER not in theirs
    public = Client().get(service_page_url(home))
    assert public[page_cache.HEADER] == "hit"
    assert theirs.content != public.content  # their page says the service is on their shortlist


def test_an_import_and_its_undo_show_on_kept_pages_at_once(shared_cache, django_capture_on_commit_callbacks):
    search = reverse("public:location_search") + "?la=E08000004"
    now = datetime(2026, 11, 2, 9, tzinfo=UTC)

    def imported(records, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return register_services.import_snapshot(
                reader=rf.reader(records, as_of=date(2026, 11, 1)),
                imported_at=now,
                actor_label="test",
                **options,
            )

    imported([rf.provider(), rf.location("1-100000001", name="Oak House")])
    before = Client().get(search)
    assert "Oak House" in before.content.decode() and "Birch Lodge" not in before.content.decode()
    assert Client().get(search)[page_cache.HEADER] == "hit"

    version = data_version.current()
    summary = imported([rf.provider(), rf.location("1-100000002", name="Birch Lodge")], force=True)
    assert data_version.current() != version
    after = Client().get(search)
    assert after[page_cache.HEADER] == "miss" and "Birch Lodge" in after.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        register_services.undo_snapshot(snapshot_id=summary.snapshot_id, now=now, actor_label="test")
    undone = Client().get(search)
    assert undone[page_cache.HEADER] == "miss" and "Birch Lodge" not in undone.content.decode()


def test_a_write_rolled_back_leaves_the_kept_pages_alone(shared_cache, django_capture_on_commit_callbacks):
    from django.db import transaction

    version = data_version.current()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        data_version.changed()
        raise RuntimeError("refused")
    assert data_version.current() == version


def test_an_api_read_is_kept_but_still_counts_against_the_anonymous_rate_limit(shared_cache, settings):
    settings.CAREWATCH_API_RATE_ANON = "3/m"
    f.location(name="Oak House")
    url = "/api/v1/locations?la=E08000004"
    answers = [Client().get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.get(page_cache.HEADER) for a in answers[:3]] == ["miss", "hit", "hit"]
    assert answers[1].json() == answers[0].json()


def test_an_api_call_with_a_token_is_never_served_from_or_kept_in_the_page_cache(shared_cache):
    f.location(name="Oak House")
    url = "/api/v1/locations?la=E08000004"
    with_token = Client().get(url, headers={"Authorization": "Bearer cw_not_a_real_token"})
    assert page_cache.HEADER not in with_token
    assert Client().get(url)[page_cache.HEADER] == "miss"


def test_a_page_kept_for_one_address_is_not_served_for_another(shared_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert Client().get("/")[page_cache.HEADER] == "miss"
    assert Client().get("/", headers={"Host": "other.example"})[page_cache.HEADER] == "miss"
    assert Client().get("/")[page_cache.HEADER] == "hit"


def test_one_query_written_two_ways_is_one_page_but_different_values_are_not(shared_cache):
    """A dashboard's form and links percent-encode the ':' in ``area=region:…``, and parameters come in
    any order: the page is the same, so the page warmed (or kept) for one spelling is served for the
    other. A different value, or the same values of one parameter in another order, is another page."""
    f.location(name="Oak House")
    search = reverse("public:location_search")
    assert Client().get(f"{search}?q=oak:house&sort=name")[page_cache.HEADER] == "miss"
    again = Client().get(f"{search}?sort=name&q=oak%3Ahouse")
    assert (again.status_code, again[page_cache.HEADER]) == (200, "hit")
    assert Client().get(f"{search}?q=oak:houses&sort=name")[page_cache.HEADER] == "miss"
    compare = reverse("public:find")
    assert Client().get(f"{compare}?type=a&type=b")[page_cache.HEADER] == "miss"
    assert Client().get(f"{compare}?type=b&type=a")[page_cache.HEADER] == "miss"
    assert Client().get(f"{compare}?type=a&type=b")[page_cache.HEADER] == "hit"


def test_pages_not_on_the_list_are_never_kept(shared_cache):
    for _ in range(2):
        assert page_cache.HEADER not in Client().get(reverse("core:sign_in"))
        assert page_cache.HEADER not in Client().get(reverse("insights:methodology"))


def test_nothing_is_kept_when_each_process_has_its_own_memory():
    f.location(name="Oak House")
    assert not page_cache.enabled()  # the test settings: per-process memory
    assert page_cache.HEADER not in Client().get("/")


def test_a_page_whose_csrf_token_appears_outside_a_form_field_is_not_kept():
    from django.middleware import csrf

    secret = csrf._get_new_csrf_string()
    token = csrf._mask_cipher_secret(secret).encode()
    form = b'<input type="hidden" name="csrfmiddlewaretoken" value="' + token + b'">'
    assert page_cache.without_csrf_tokens(b"<p>" + form + b"</p>", secret) == (
        b'<p><input type="hidden" name="csrfmiddlewaretoken" value="'
        + page_cache.CSRF_PLACEHOLDER
        + b'"></p>'
    )
    assert page_cache.without_csrf_tokens(form + b"<script>var t='" + token + b"'</script>", secret) is None
    assert page_cache.without_csrf_tokens(form + b"<!-- " + secret.encode() + b" -->", secret) is None


def test_the_commissioner_league_is_worked_out_once_per_data_version_for_everyone(
    shared_cache, monkeypatch, django_capture_on_commit_callbacks
):
    from carewatch.core import audit
    from carewatch.insights import commissioner

    council = f.council()
    officer = ah.person(council, Role.QA_OFFICER, username="olive")
    calls = []
    real = commissioner.ratings
    monkeypatch.setattr(commissioner, "ratings", lambda **kw: calls.append(kw) or real(**kw))
    url = reverse("insights:commissioner_league")

    signed_in = Client()
    ah.sign_in(signed_in, officer)
    theirs = signed_in.get(url)
    public = Client().get(url)
    assert theirs.status_code == public.status_code == 200 and len(calls) == 1
    assert "Sign out" in theirs.content.decode() and "Sign out" not in public.content.decode()
    table = re.compile(r'<table class="govuk-table" id="league">.*?</table>', re.S)
    assert table.search(theirs.content.decode()).group(0) == table.search(public.content.decode()).group(0)

    with django_capture_on_commit_callbacks(execute=True):
        audit.record(
            at=datetime(2026, 11, 2, tzinfo=UTC),
            actor_label="test",
            action="case.opened",
            object_type="case",
            object_id="1",
        )
    assert signed_in.get(url).status_code == 200 and len(calls) == 2


def test_with_a_replica_nothing_is_kept_until_it_can_have_caught_up_with_the_last_write(
    shared_cache, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """A replica may lag a write by up to CAREWATCH_REPLICA_MAX_LAG_SECONDS: a page read from it just after
    the write could show the old data, and must not be kept under the new version."""
    import time

    from carewatch.core import audit

    settings.DATABASE_REPLICA_URL = "postgres://replica.invalid/carewatch"  # only read by the rule here
    settings.CAREWATCH_REPLICA_MAX_LAG_SECONDS = 5
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(
            at=datetime(2026, 11, 2, tzinfo=UTC),
            actor_label="test",
            action="case.opened",
            object_type="case",
            object_id="1",
        )
    assert page_cache.HEADER not in Client().get("/")
    assert page_cache.HEADER not in Client().get("/")
    later = time.time() + 7
    monkeypatch.setattr(time, "time", lambda: later)
    assert Client().get("/")[page_cache.HEADER] == "miss"
    assert Client().get("/")[page_cache.HEADER] == "hit"


def test_one_published_qa_summary_makes_the_next_public_request_for_the_service_page_a_miss_showing_it(
    shared_cache,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """Not an import: one ordinary audited write, through the monitoring app's own service."""
    report = given.sent(world, "Requires improvement")
    later = given.VISITED_AT + timedelta(days=3)
    monitoring_services.add_provider_comment(
        visit=report, actor=world.acme_manager, response="accepted", text="", now=later
    )
    url = service_page_url(world.home)
    assert Client().get(url)[page_cache.HEADER] == "miss"
    kept = Client().get(url)
    assert kept[page_cache.HEADER] == "hit" and 'id="council-quality-check"' not in kept.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.publish_report(
            visit=report, actor=world.officer, public_summary="Medicines are now well recorded.", now=later
        )
    after = Client().get(url)
    assert after[page_cache.HEADER] == "miss"
    assert 'id="council-quality-check"' in after.content.decode()
    assert "Medicines are now well recorded." in after.content.decode()
    assert Client().get(url)[page_cache.HEADER] == "hit"
