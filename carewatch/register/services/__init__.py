"""Writes to the register. Call them through the package: ``services.import_snapshot(...)``.

- ``import_snapshot`` (``snapshots``): one snapshot of CQC records in one transaction with one audit
  entry; refuses a suspicious snapshot (``ImportRefused``) and, with ``strict``, any bad record
  (``StrictImportError``); returns an ``ImportSummary``.
- ``undo_snapshot`` (``undo``): puts the register back as it was before its latest snapshot
  (``import-cqc --undo``), from the changes ``undo_log`` kept.
- ``import_postcodes`` (``postcodes``): postcode points from the ONS Postcode Directory, for the finder.
- ``ensure_reference_data`` (``reference_data``): regions, ICBs and local authorities from the
  reference table kept with the code.

Inside the import: ``snapshot_writer`` writes providers, locations, their lookups and
deregistrations; ``location_fields`` maps a record to a location's fields; ``rating_history`` writes
ratings and assessments; ``carewatch.core.bulk`` holds the plain rows and the fast INSERT (COPY on PostgreSQL).
"""

from carewatch.register.services.postcodes import PostcodeFileError, PostcodeSummary, import_postcodes
from carewatch.register.services.reference_data import ensure_reference_data
from carewatch.register.services.snapshots import (
    MAX_PROBLEMS_KEPT,
    ImportRefused,
    ImportSummary,
    StrictImportError,
    import_snapshot,
)
from carewatch.register.services.undo import UndoRefused, UndoSummary, undo_snapshot

__all__ = [
    "MAX_PROBLEMS_KEPT",
    "ImportRefused",
    "ImportSummary",
    "PostcodeFileError",
    "PostcodeSummary",
    "StrictImportError",
    "UndoRefused",
    "UndoSummary",
    "ensure_reference_data",
    "import_postcodes",
    "import_snapshot",
    "undo_snapshot",
]
