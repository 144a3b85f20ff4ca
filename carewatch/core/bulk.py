"""Plain rows and one fast INSERT: how the register import and the monthly market figures write their
largest tables.

Building a Django model instance costs about 50 µs (defaults, descriptors, signals); an import of
England builds some 350,000 rating and lookup rows, so they are plain namespaces (ADR 0005), and
``bulk_create`` compiles SQL for every value of every row, so both write through :func:`fast_insert`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    FloatField,
    ForeignKey,
    IntegerField,
    JSONField,
    Model,
    PositiveIntegerField,
)
from psycopg.types.json import Jsonb  # PostgreSQL's driver needs JSON wrapped; SQLite takes text

CHUNK = 500  # rows per UPDATE or bulk INSERT
_PLAIN_FIELDS = (
    CharField,
    IntegerField,
    BigIntegerField,
    PositiveIntegerField,
    BooleanField,
    FloatField,
    DateField,
    ForeignKey,
)
_ROW_DEFAULTS: dict[type[Model], dict[str, Any]] = {}


def new_row(model: type[Model], **values: Any) -> SimpleNamespace:
    """A row for :func:`fast_insert`: the model's field defaults (by attname) with ``values`` over them.

    Give foreign keys by attname (``first_snapshot_id``).
    """
    defaults = _ROW_DEFAULTS.get(model)
    if defaults is None:
        defaults = _ROW_DEFAULTS[model] = {f.attname: f.get_default() for f in _written_fields(model)}
    unknown = values.keys() - defaults.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)[0]!r}")
    return SimpleNamespace(**{**defaults, **values})


def fast_insert(model: type[Model], objects: Sequence[Model | SimpleNamespace]) -> None:
    """INSERT many unsaved model instances or :func:`new_row` rows with one prepared statement (``executemany``; ``COPY`` on PostgreSQL).

    ``bulk_create`` compiles SQL and prepares every value of every row in Python, which dominated
    the import's time. The models written here hold only text, numbers, booleans, dates, foreign
    keys and JSON, whose values both database drivers adapt directly.
    """
    if not objects:
        return
    fields = _written_fields(model)
    postgres = connection.vendor == "postgresql"
    converters: list[tuple[str, Callable[[Any], Any] | None]] = []
    for f in fields:
        if isinstance(f, JSONField):
            converters.append((f.attname, Jsonb if postgres else json.dumps))
        elif isinstance(f, DateTimeField) or not isinstance(f, _PLAIN_FIELDS):
            raise TypeError(f"fast_insert cannot write {model.__name__}.{f.name} ({type(f).__name__})")
        else:
            converters.append((f.attname, None))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    rows = [
        tuple(
            getattr(obj, attname) if convert is None else convert(getattr(obj, attname))
            for attname, convert in converters
        )
        for obj in objects
    ]
    with connection.cursor() as cursor:
        if postgres:
            # PostgreSQL: COPY streams the rows in one command, several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _written_fields(model: type[Model]) -> list[Field[Any, Any]]:
    """Every concrete field but an automatic primary key."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, Field) and not (f.primary_key and isinstance(f, AutoField))
    ]
