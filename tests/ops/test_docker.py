"""The Dockerfile and compose.yaml (not built here: no Docker on the test machine) say the same as
the tested Debian path: `carewatch serve`, the worker, PostgreSQL 15, Redis, nginx with the Debian
path's own configuration file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_dockerfiles_cmd_is_carewatch_serve_in_exec_form():
    cmds = [args for name, args in dockerfile_instructions() if name == "CMD"]
    assert len(cmds) == 1
    assert json.loads(cmds[0])[:2] == ["carewatch", "serve"]  # exec form: signals reach gunicorn


def test_the_image_is_debian_12_with_python_3_11_and_binds_beyond_loopback():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim-bookworm")
    env = " ".join(args for name, args in instructions if name == "ENV")
    assert "CAREWATCH_BIND=0.0.0.0:8000" in env and "CAREWATCH_TASKS_BACKEND=database" in env
    assert ("USER", "carewatch") in instructions
    assert any(name == "RUN" and "postgresql-client-15" in args for name, args in instructions)


def test_compose_runs_web_worker_postgres_redis_and_nginx():
    services = compose()["services"]
    assert {"web", "worker", "postgres", "redis", "nginx"} <= set(services)
    assert services["web"]["command"][:2] == ["carewatch", "serve"]
    assert services["worker"]["command"][:2] == ["carewatch", "worker"]
    assert services["migrate"]["command"][:2] == ["carewatch", "migrate"]
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:")
    # The web and worker wait for migrations; the worker's id is stable (orphans are put back).
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["hostname"] in services["worker"]["command"]


def test_compose_settings_match_the_debian_paths_and_are_documented():
    services = compose()["services"]
    env = services["web"]["environment"]
    assert env == services["worker"]["environment"]
    assert env["CAREWATCH_TASKS_BACKEND"] == "database"
    assert "@postgres:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:6379")
    debian = {
        line.split("=", 1)[0]
        for line in (ROOT / "deploy" / "environment.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    # Every setting the Debian environment file sets is set here, bar the directories (the image's).
    directories = {"CAREWATCH_CACHE_DIR", "CAREWATCH_EVIDENCE_DIR", "CAREWATCH_BACKUP_DIR"}
    assert debian - directories <= set(env)
    documented = set(
        re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (ROOT / "docs/configuration.md").read_text(), re.M)
    )
    assert set(env) <= documented


def test_compose_nginx_uses_the_debian_paths_configuration_file():
    nginx = compose()["services"]["nginx"]
    script = " ".join(nginx["command"])
    assert "/srv/carewatch/deploy/nginx/carewatch.conf" in script
    assert "./deploy/nginx:/srv/carewatch/deploy/nginx:ro" in nginx["volumes"]
    conf = (ROOT / "deploy" / "nginx" / "carewatch.conf").read_text()
    assert "server 127.0.0.1:8000" in conf  # what the sed in compose.yaml points at the web service
    assert {"80:80", "443:443"} == set(nginx["ports"])
