"""Your account details: the job title letters sign you off with, set by you, audited."""

from django.urls import reverse

from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.pages import client_for, page, text


def test_a_manager_sets_their_job_title_and_returns_to_where_they_were(db):
    manager = f.manager(f.council(), name="Maya Manager")
    client = client_for(manager)
    url = reverse("core:account_details")
    soup = page(client.get(url, {"next": "/cases/"}))
    assert "Maya Manager" in text(soup)
    response = client.post(url + "?next=/cases/", {"job_title": "  Quality   assurance manager "})
    assert response["Location"] == "/cases/"
    manager.refresh_from_db()
    assert manager.job_title == "Quality assurance manager"
    entry = AuditEntry.objects.get(action="user.job_title_changed")
    assert entry.after == {"job_title": "Quality assurance manager"} and entry.before == {"job_title": ""}


def test_a_job_title_too_long_is_refused_in_words_and_a_next_elsewhere_is_ignored(db):
    client = client_for(f.officer(f.council()))
    url = reverse("core:account_details") + "?next=https://example.com/"
    soup = page(client.post(url, {"job_title": "x" * 101}))
    assert "Job title must be 100 characters or fewer" in text(soup)
    response = client.post(url, {"job_title": "QA officer"})
    assert response["Location"] == reverse("core:account_details")
