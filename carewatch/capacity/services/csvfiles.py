"""Reading an uploaded CSV file: text (UTF-8, with or without a byte-order mark), a header row, rows."""

from __future__ import annotations

import csv
import io
from typing import IO

from carewatch.capacity.errors import FileRefused, Problem


def read_rows(
    file: IO[bytes] | bytes, *, required: tuple[str, ...], known: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for each row under the header; column names compared without case
    or surrounding spaces. A missing required column, an unknown one or a file that is not text is refused."""
    raw = file if isinstance(file, bytes) else file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused([Problem(1, "file", "The file must be a CSV file saved as UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused([Problem(1, "file", "The file is empty")]) from None
    except csv.Error as error:
        raise FileRefused([Problem(1, "file", f"The file is not a CSV file ({error})")]) from None
    names = [name.strip().lower() for name in header]
    problems = [Problem(1, name, "Unknown column") for name in names if name and name not in known]
    problems += [Problem(1, name, "Missing column") for name in required if name not in names]
    if problems:
        raise FileRefused(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            line = reader.line_num
            if len(values) > len(names):
                problems.append(Problem(line, "file", f"{len(values)} values but {len(names)} columns"))
                continue
            rows.append(
                (
                    line,
                    {
                        name: (values[i].strip() if i < len(values) else "")
                        for i, name in enumerate(names)
                        if name
                    },
                )
            )
    except csv.Error as error:
        raise FileRefused(
            [Problem(reader.line_num, "file", f"The file is not a CSV file ({error})")]
        ) from None
    if problems:
        raise FileRefused(problems)
    if not rows:
        raise FileRefused([Problem(2, "file", "The file has a header row but nothing under it")])
    return rows
