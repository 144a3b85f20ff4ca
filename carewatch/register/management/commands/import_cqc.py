"""``carewatch import-cqc PATH``: import a CQC snapshot, telling the format from PATH itself."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from carewatch.core import read_only
from carewatch.register import queries, services
from carewatch.register.importers import ImportFileError


def api_client_errors() -> tuple[type[Exception], ...]:
    from carewatch.register.importers import api_client

    return (api_client.CQCApiError, api_client.ResumeStateError)


class Command(BaseCommand):
    help = (
        "Import a CQC snapshot: an API dump directory, HSCA_Active_Locations (.ods/.xlsx/.csv),"
        " Latest_ratings (.ods), Deactivated_Locations or CQC_directory.csv; or the live CQC API with --live;"
        " --list the imports, --undo the latest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="a dump directory or a bulk file (not needed with --live, --undo or --list)",
        )
        parser.add_argument(
            "--undo",
            type=int,
            metavar="SNAPSHOT",
            help="put the register back as it was before import SNAPSHOT (the latest; see --list)",
        )
        parser.add_argument("--list", action="store_true", help="list the imports, the latest first")
        parser.add_argument(
            "--strict", action="store_true", help="any bad record is fatal: nothing is imported"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import even if the file was imported before, or looks wrong (large drop, older date,"
            " many rejected records)",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON (for scripts)")
        parser.add_argument(
            "--fail-on-bad-records", action="store_true", help="exit non-zero when any record was rejected"
        )
        parser.add_argument(
            "--max-drop",
            type=float,
            default=None,
            help="largest allowed drop in active locations against the last snapshot, as a share"
            " (default: CAREWATCH_MAX_SNAPSHOT_DROP, 0.05)",
        )
        parser.add_argument(
            "--max-rejected",
            type=float,
            default=None,
            help="largest share of rejected records before the import is refused"
            " (default: CAREWATCH_MAX_REJECTED_SHARE, 0.01)",
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="do not recompute the market insight figures and charts, nor warm the public pages, afterwards"
            " (run insights-refresh later)",
        )
        parser.add_argument("--live", action="store_true", help="read the live CQC API (needs CQC_API_KEY)")
        parser.add_argument(
            "--changes-since", help="with --live: only locations changed since this ISO timestamp"
        )
        parser.add_argument(
            "--state",
            default="var/cqc-sync/state.json",
            help="with --live: progress file, to resume an interrupted sync",
        )

    def execute(self, *args, **options):
        with read_only.refused_in_command():  # a read-only database: a clear error, not a traceback
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        if options["list"]:
            return self._list()
        if options["undo"] is not None:
            return self._undo(options)
        reader = self._reader(options)
        total = getattr(reader, "estimated_total", None)
        bar = None
        if sys.stderr.isatty() and not options["json"]:
            from tqdm import tqdm

            bar = tqdm(total=total, unit=" locations", desc="Reading", file=sys.stderr)
        try:
            summary = services.import_snapshot(
                reader=reader,
                imported_at=datetime.now(UTC),
                actor_label="import-cqc (command line)",
                strict=options["strict"],
                force=options["force"],
                max_drop=options["max_drop"]
                if options["max_drop"] is not None
                else settings.CAREWATCH_MAX_SNAPSHOT_DROP,
                max_rejected=options["max_rejected"]
                if options["max_rejected"] is not None
                else settings.CAREWATCH_MAX_REJECTED_SHARE,
                progress=bar.update if bar is not None else None,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except api_client_errors() as error:
            raise CommandError(f"{error} (progress is saved: run the same command again to resume)") from None
        except services.StrictImportError as error:
            for line in error.problems[:50]:
                self.stderr.write(f"  {line}")
            raise CommandError(str(error)) from None
        except services.ImportRefused as error:
            raise CommandError(str(error)) from None
        finally:
            if bar is not None:
                bar.close()
        if hasattr(reader, "discard_state"):
            reader.discard_state()  # the live sync finished: the next run starts afresh
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), indent=2))
        else:
            self._print_summary(summary)
        if not options["no_refresh"]:
            self._refresh(options, changed=not summary.already_imported)
        if not summary.already_imported:
            self._review_quality_marks(options)
        if not options["no_refresh"]:
            self._warm_pages(options)
        if options["fail_on_bad_records"] and summary.rejected:
            raise CommandError(f"{summary.rejected} record(s) were rejected", returncode=3)

    def _refresh(self, options, *, changed: bool) -> None:
        """The dashboards read precomputed monthly figures for the register's version: bring them up to
        date after a change, and finish them when an earlier refresh was interrupted."""
        out = self.stderr if options["json"] else self.stdout
        call_command("insights_refresh", if_missing=not changed, stdout=out)

    def _review_quality_marks(self, options) -> None:
        """Ratings changed: re-judge every current quality mark award the same day (a failing "must hold"
        criterion suspends it, with a letter; docs/recognition.md, "Never stale"). By command name, as
        ``_refresh`` runs insights: the register sits below recognition and never imports it."""
        call_command("review_quality_marks", stdout=self.stderr if options["json"] else self.stdout)

    def _warm_pages(self, options) -> None:
        """Last, after every write above (each replaced the data's version): the most-visited public pages
        into the page cache (``carewatch warm-pages``, by command name, as ``_refresh``; it does nothing
        when the page cache is off, and only re-reads what insights-refresh already kept)."""
        call_command("warm_pages", stdout=self.stderr if options["json"] else self.stdout)

    def _list(self) -> None:
        for snapshot in queries.snapshots_latest_first():
            state = f"undone {snapshot.undone_at:%d %B %Y %H:%M}" if snapshot.undone_at else "in force"
            kind = "complete register" if snapshot.complete else "partial"
            self.stdout.write(
                f"{snapshot.pk:>6}  {snapshot.imported_at:%Y-%m-%d %H:%M}  {snapshot.source_name} (as at"
                f" {snapshot.as_of}, {kind}): created {snapshot.created_count}, updated"
                f" {snapshot.updated_count}, deregistered {snapshot.deregistered_count}, rejected"
                f" {snapshot.rejected_count} — {state}"
            )

    def _undo(self, options) -> None:
        try:
            undone = services.undo_snapshot(
                snapshot_id=options["undo"],
                now=datetime.now(UTC),
                actor_label="import-cqc --undo (command line)",
            )
        except services.UndoRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Undid import {undone.snapshot_id} ({undone.source_name}): removed {undone.removed} locations it"
            f" added, put back {undone.restored} it changed or deregistered, {undone.ratings_restored} current"
            f" ratings; providers removed {undone.providers_removed}, put back {undone.providers_restored}."
        )
        if not options["no_refresh"]:
            self._refresh(options, changed=True)
        self._review_quality_marks(options)
        if not options["no_refresh"]:
            self._warm_pages(options)

    def _reader(self, options):
        if options["live"]:
            return self._live_reader(options)
        if not options["path"]:
            raise CommandError(
                "give the PATH of a dump directory or a bulk file, or --live, --undo or --list"
            )
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory")
        from carewatch.register.importers import detect

        try:
            return detect.open_reader(path)
        except ImportFileError as error:
            raise CommandError(str(error)) from None

    def _live_reader(self, options):
        if not settings.CQC_API_KEY:
            raise CommandError("--live needs CQC_API_KEY (see docs/configuration.md)")
        from carewatch.register.importers import api_client

        client = api_client.CQCClient(settings.CQC_API_BASE_URL, settings.CQC_API_KEY)
        now = datetime.now(UTC)
        state = Path(options["state"])
        state.parent.mkdir(parents=True, exist_ok=True)
        try:
            if options["changes_since"]:
                try:
                    start = datetime.fromisoformat(options["changes_since"])
                except ValueError:
                    raise CommandError(
                        f"--changes-since: {options['changes_since']!r} is not an ISO timestamp"
                    ) from None
                return api_client.read_live_api(
                    client, mode="changes", start=start, end=now, state_path=state, as_of=now.date()
                )
            return api_client.read_live_api(client, mode="full", state_path=state, as_of=now.date())
        except api_client_errors() as error:
            raise CommandError(str(error)) from None

    def _print_summary(self, summary: services.ImportSummary) -> None:
        out = self.stdout
        if summary.already_imported:
            out.write(f"{summary.source_name} (as at {summary.as_of}) was already imported: nothing changed.")
            return
        out.write(f"Imported {summary.source_name} ({summary.source_kind}), as at {summary.as_of}")
        out.write(
            f"  created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged},"
            f" deregistered {summary.deregistered}, rejected {summary.rejected}"
        )
        out.write(f"  active locations in this snapshot: {summary.active}")
        if summary.complete:
            out.write("  a complete register: locations it does not list were deregistered")
        else:
            out.write("  a partial file: it updated what it lists and deregistered nothing")
        if summary.warnings:
            out.write(f"  {summary.warnings} warning(s): fields that could not be read were kept blank")
        if summary.problems:
            out.write(f"  {len(summary.problems)} problem(s):")
            for line in summary.problems[:20]:
                out.write(f"    {line}")
            if len(summary.problems) > 20:
                out.write(f"    … and {len(summary.problems) - 20} more (use --json to see them all)")
