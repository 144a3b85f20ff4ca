"""Who may see and change a commitment (docs/access.md): another provider's manager finds nothing, the
employer's own staff read without changing, council staff outside the area find nothing, and anonymous
visitors are sent to sign in; the public register is for everyone."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.recognition import services
from carewatch.recognition.models import CommitmentSignUp, CommitmentTask
from tests.pages import client_for, page
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed():
    services.install_defaults(now=NOW)
    employer = f.employer(council=f.cf.council())
    return f.signed(employer, f.manager_of(employer))


def _pages(commitment) -> list[str]:
    base = f"/recognition/commitments/{commitment.pk}/"
    return [base, base + "tasks/", base + "tasks/add/", base + "staff/", base + "renew/", base + "withdraw/"]


def test_another_providers_manager_finds_nothing_and_changes_nothing(signed):
    other = f.employer("Other Care Ltd", home="Elm House")
    client = client_for(f.manager_of(other))
    for url in _pages(signed):
        assert client.get(url).status_code == 404, url
    task = signed.tasks.first()
    assert (
        client.post(
            _pages(signed)[1],
            {"tasks": [task.pk], "done_on_day": "1", "done_on_month": "6", "done_on_year": "2026"},
        ).status_code
        == 404
    )
    assert client.post(_pages(signed)[3], {"count_nurse": "5"}).status_code == 404
    assert CommitmentTask.objects.get(pk=task.pk).done_on is None and not CommitmentSignUp.objects.exists()
    # their own start page says nothing of Acme's
    assert "Acme" not in page(client.get("/recognition/commitment/")).get_text()


def test_the_employers_staff_read_it_but_cannot_change_it(signed):
    client = client_for(f.staff_of(signed.employer))
    base = f"/recognition/commitments/{signed.pk}/"
    assert page(client.get(base)).select("#statement-tasks li")
    assert not page(client.get(base + "tasks/")).select("main form[method=post]")
    for url in (
        base + "tasks/add/",
        base + "staff/",
        base + "renew/",
        base + "withdraw/",
        "/recognition/commitment/sign/",
    ):
        assert client.get(url).status_code == 403, url
    task = signed.tasks.first()
    done = {"tasks": [task.pk], "done_on_day": "1", "done_on_month": "6", "done_on_year": "2026"}
    assert client.post(base + "tasks/", done).status_code == 403
    assert CommitmentTask.objects.get(pk=task.pk).done_on is None


def test_council_staff_outside_the_area_find_nothing(signed):
    rochdale = f.cf.council("E08000005")
    client = client_for(f.ah.person(rochdale, "qa_manager"))
    assert page(client.get("/recognition/commitments/")).select_one("#no-commitments")
    assert client.get(f"/recognition/commitments/{signed.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_and_read_the_public_register(signed):
    client = Client()
    for url in [
        *_pages(signed),
        "/recognition/commitment/",
        "/recognition/commitment/sign/",
        "/recognition/commitments/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("core:sign_in")), url
    assert client.get("/commitments/").status_code == 200
