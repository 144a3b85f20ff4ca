"""`carewatch market … | head`: a reader that closes early ends the command quietly, with no traceback."""

import os
import shutil
import subprocess
import sys

from carewatch import cli


def _carewatch(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    command = shutil.which("carewatch") or ""
    argv = [command, *args] if command else [sys.executable, "-m", "carewatch.cli", *args]
    return subprocess.run(argv, env=env, text=True, timeout=120, check=False, **kwargs)


def test_the_market_command_piped_into_a_reader_that_closes_early_exits_quietly(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pipe.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
    }
    migrated = _carewatch("migrate", "-v", "0", env=env, capture_output=True)
    assert migrated.returncode == 0, migrated.stderr
    # Given a reader that has already gone (as `head` does once it has its lines)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        # When the market table is written to it
        result = _carewatch("market", "--by", "la", env=env, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    # Then the command stops without a traceback or Python's "Exception ignored" note
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
    assert result.stderr == ""
    assert result.returncode == cli.BROKEN_PIPE
