"""Work done once, even when the task doing it is killed and run again (carewatch.ops.models.DoneOnce)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import IntegrityError, transaction

from carewatch.ops.models import DoneOnce

T = TypeVar("T")


def is_done(key: str) -> bool:
    return DoneOnce.objects.filter(key=key).exists()


@contextmanager
def once(key: str) -> Iterator[bool]:
    """``with once(key) as todo:`` — ``todo`` is False when the work was done before. The key is
    written in the same transaction as the work inside the block: an error (or a killed process)
    undoes both, so the next run does the work."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                DoneOnce.objects.create(key=key)
        except IntegrityError:
            yield False
            return
        yield True


def do_once(key: str, work: Callable[[], T]) -> T | None:
    with once(key) as todo:
        return work() if todo else None
