"""``carewatch rate``: rate one input with the rating rules engine, JSON in and JSON out.

    carewatch rate < input.json > result.json

Exit status 0 with the result on standard output; 2 with "field: problem" on standard error when the
input is not valid JSON or cannot be rated. Shapes and examples: docs/ratings.md.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from carewatch.ratings import interface
from carewatch.ratings.errors import RatingInputError

INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Rate one input read as JSON from standard input (frameworks: principles, saf, local-authority, "
        "local-qa) and write the result as JSON to standard output. Exit status 2 for invalid input."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        # Bytes where there are bytes: json.loads then reads UTF-8, -16 or -32 whatever the locale.
        text = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        if not text.strip():
            raise CommandError(
                "input: empty: expected a JSON object on standard input", returncode=INVALID_INPUT
            )
        try:
            payload = json.loads(text)
        except UnicodeDecodeError:
            raise CommandError("input: not UTF-8 text", returncode=INVALID_INPUT) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"input: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})",
                returncode=INVALID_INPUT,
            ) from None
        except RecursionError:
            raise CommandError("input: JSON nested too deeply", returncode=INVALID_INPUT) from None
        try:
            result = interface.rate(payload)
        except RatingInputError as error:
            raise CommandError(str(error), returncode=INVALID_INPUT) from None
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
