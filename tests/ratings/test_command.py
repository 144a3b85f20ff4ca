"""``carewatch rate``: JSON on standard input, JSON on standard output, exit status 2 for bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
COUNCIL_EXAMPLE = {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 3]}


def run_rate(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "rate"], input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=60
    )


def test_the_command_writes_the_result_as_json_and_exits_0():
    done = run_rate(json.dumps(COUNCIL_EXAMPLE).encode())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"percent": 66.7, "rating": "Good"}
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b'{"framework": "saf", "scores": {"safe": {"1": 9}}}', b"scores.safe.1: score 9 is out of range"),
        (b'{"framework": "principles", ', b"input: not valid JSON"),
    ],
    ids=["score out of range", "invalid JSON"],
)
def test_invalid_input_exits_2_with_the_field_and_problem_on_stderr_and_no_traceback(stdin, message):
    done = run_rate(stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout == b""


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b'{"framework": "ofsted"}', "framework: unknown framework 'ofsted'"),
        (b"", "input: empty"),
        (b"  \n", "input: empty"),
        (b"\xff\xfe\xfa", "input: not UTF-8 text"),
        (b"[" * 100_000, "input: "),
    ],
    ids=["unknown framework", "empty input", "blank input", "not UTF-8", "nested too deeply"],
)
def test_every_kind_of_bad_input_is_a_command_error_with_exit_status_2(stdin, message):
    with pytest.raises(CommandError) as error:
        call_command("rate", stdin=io.TextIOWrapper(io.BytesIO(stdin)), stdout=io.StringIO())
    assert error.value.returncode == 2
    assert str(error.value).startswith(message)


def test_the_command_can_be_called_in_process_with_its_input_given():
    out = io.StringIO()
    call_command("rate", stdin=io.StringIO(json.dumps(COUNCIL_EXAMPLE)), stdout=out)
    assert json.loads(out.getvalue())["rating"] == "Good"


def test_in_process_invalid_input_raises_a_command_error_with_exit_status_2():
    with pytest.raises(CommandError) as error:
        call_command("rate", stdin=io.StringIO('{"framework": "local-authority", "scores": [1]}'))
    assert error.value.returncode == 2
    assert str(error.value).startswith("scores: expected 9 scores")
