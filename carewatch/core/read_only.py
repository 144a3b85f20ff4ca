"""A database that refuses writes: a read-only SQLite file or mount, a PostgreSQL standby or read-only
transaction. carewatch keeps serving what only reads (the public site, staff pages that read); what
must write answers 503 with the page "carewatch is read-only just now" (``ReadOnlyDatabaseMiddleware``
for views, :func:`server_error` for writes after the view, such as saving a new session), and commands
stop with a :class:`CommandError` that says so (:func:`refused_in_command`). docs/security.md, "A
read-only database".
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

logger = logging.getLogger("carewatch.read_only")

POSTGRESQL_READ_ONLY = "25006"  # read_only_sql_transaction: a read-only transaction or a hot standby


def is_read_only(error: BaseException | None) -> bool:
    """Whether ``error`` is the database refusing a write because it is read-only: SQLite's
    SQLITE_READONLY ("attempt to write a readonly database") or PostgreSQL's SQLSTATE 25006 ("cannot
    execute INSERT in a read-only transaction"). Django's wrapped errors are judged by their cause."""
    if isinstance(error, DatabaseError) and error.__cause__ is not None:
        error = error.__cause__
    if isinstance(error, sqlite3.Error):
        return (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_READONLY")
    return getattr(error, "sqlstate", None) == POSTGRESQL_READ_ONLY


def refused(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 page "carewatch is read-only just now"."""
    logger.warning("read-only database refused %s %s: %s", request.method, request.path, error)
    return render(
        request,
        "core/read_only.html",
        {"page_title": "carewatch is read-only just now"},
        status=503,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the read-only page when the failure was a refused write, else Django's own."""
    error = sys.exc_info()[1]
    if is_read_only(error):
        assert error is not None
        return refused(request, error)
    return defaults.server_error(request)


@contextmanager
def refused_in_command() -> Iterator[None]:
    """Around a command: a write refused by a read-only database becomes a CommandError saying so."""
    try:
        yield
    except DatabaseError as error:
        if not is_read_only(error):
            raise
        raise CommandError(
            f"The database is read-only, so carewatch cannot write to it ({error}): nothing was changed."
            " Make it writable (or use the main database, not a read-only copy) and run the command again"
        ) from None
