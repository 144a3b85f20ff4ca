"""The demo users `setup-demo` creates: one per role and a system administrator. README.md lists each
with their organisation and what to try first; each signs in with the demo password (no second factor
in demo mode) and every page the README names for them opens."""

import re
from pathlib import Path

import pytest

from carewatch.core import roles
from carewatch.core.models import User
from carewatch.demo import accounts
from tests import places
from tests.monitoring import factories

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_demo_users() -> dict[str, tuple[str, str, list[str]]]:
    """{username: (role, organisation, paths named under "Try this first")} from README's table."""
    section = README.read_text().split("### The demo users", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \| (.+) \|", line)
        if match:
            rows[match[1]] = (match[2].strip(), match[3].strip(), re.findall(r"`(/[^`]*)`", match[4]))
    return rows


@pytest.fixture
def demo_users(db, settings):
    settings.CAREWATCH_DEMO_SKIP_MFA = True
    company = factories.provider("Acme Care Ltd")
    factories.location("E08000004", provider=company)
    return accounts.create_demo_users(now=places.at(2026, 12, 7))


def test_there_is_a_demo_system_administrator_with_no_role_and_no_organisation(demo_users):
    admin = User.objects.get(username="system-admin")
    assert admin.is_superuser and admin.organisation is None and not admin.role_names
    assert ("system-admin", "System administrator", "none: every organisation") in demo_users
    assert not User.objects.filter(is_superuser=True).exclude(username="system-admin").exists()


def test_the_readme_lists_every_demo_user_with_their_role_and_organisation(demo_users):
    rows = readme_demo_users()
    assert list(rows) == [username for username, _role, _where in roles.DEMO_USERS]
    for username, role, organisation in demo_users:
        assert rows[username][0] == role, username
        theirs = User.objects.get(username=username).organisation
        if theirs is None or theirs.kind != "provider":  # the provider is whichever has most homes in Oldham
            assert rows[username][1] == organisation, username
        assert rows[username][2], f"{username} has nothing to try first"


@pytest.mark.parametrize("username", [username for username, _role, _where in roles.DEMO_USERS])
def test_each_demo_user_signs_in_and_opens_every_page_the_readme_suggests(client, demo_users, username):
    response = client.post("/sign-in/", {"username": username, "password": roles.DEMO_PASSWORD})
    assert response.status_code == 302 and client.session["demo_mfa_skipped"] is True
    assert response.url == "/home/"  # README: each lands on My work
    assert client.get("/home/").status_code == 200
    for path in readme_demo_users()[username][2]:
        assert client.get(path).status_code == 200, f"{username}: {path}"
