"""Every setting the code reads from the environment is documented (docs can't drift)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(
    r"""(?:env|env_bool|env_list)\(\s*["']([A-Z][A-Z0-9_]+)["']|os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']"""
)
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def names_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "carewatch").rglob("*.py"):
        for match in READS.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    return names - NOT_SETTINGS


def test_the_settings_module_reads_the_settings_the_issue_names():
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CQC_API_KEY"} <= names_read_by_the_code()


def test_every_setting_read_from_the_environment_is_documented():
    documented = set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (ROOT / "docs" / "configuration.md").read_text(), re.M)
    )
    missing = names_read_by_the_code() - documented
    assert not missing, f"document these settings in docs/configuration.md: {sorted(missing)}"


def test_carewatch_refuses_to_start_without_a_secret_key_outside_debug_and_demo():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "CAREWATCH_DEMO"}}
    env["DJANGO_SETTINGS_MODULE"] = "carewatch.config.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    import os
    import subprocess
    import sys

    ignored = {
        "DEBUG",
        "CAREWATCH_DEMO",
        "CAREWATCH_TESTING",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(
        DJANGO_SETTINGS_MODULE="carewatch.config.settings",
        SECRET_KEY="x7!kP2#vQ9@mL4$wR8^tY1&uI6*oE3(aS5)dF0_gH-jK+lZ=cX~bN",
        ALLOWED_HOSTS="carewatch.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
