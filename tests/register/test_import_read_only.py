"""`carewatch import-cqc` into a read-only database: a clear error, never a traceback."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.register.test_readers_api_dump import make_dump


def test_importing_into_a_read_only_database_is_a_clear_error(tmp_path, read_only_database):
    dump = make_dump(tmp_path / "dump", ["1-100000000"])
    with pytest.raises(CommandError) as refused:
        call_command("import_cqc", str(dump), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value).startswith("The database is read-only, so carewatch cannot write to it (")
    assert str(refused.value).endswith(
        "): nothing was changed. Make it writable (or use the main database, not a read-only copy) and run"
        " the command again"
    )
