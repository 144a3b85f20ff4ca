"""The ``carewatch`` console script: Django's management commands under one name.

``carewatch import-cqc PATH``, ``carewatch migrate``, ``carewatch runserver`` … all go through
Django's own command machinery, so every command honours ``DATABASE_URL`` and the other settings.
"""

import os
import sys

# The exit status of a command whose reader went away (``carewatch market … | head``), as Python's
# own docs suggest: quiet, but not 0, since not everything was written.
BROKEN_PIPE = 1


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["carewatch", *argv])
    args[0] = "carewatch"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")  # "import-cqc" is the import_cqc command
    try:
        execute_from_command_line(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader closed early (``| head``): no traceback. Point stdout at /dev/null so that
        # Python's own flush at exit does not fail again and print "Exception ignored".
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(BROKEN_PIPE)


if __name__ == "__main__":  # pragma: no cover
    main()
