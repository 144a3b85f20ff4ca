"""``carewatch risk --la NAME [--as-of DATE] [--format table|json|csv]``: the risk score of every service.

Every active adult social care service in the council's area, highest score first, with the
reasons behind each score (docs/planning.md). National data: the CQC register, so no scoping.
"""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.planning import queries
from carewatch.register import models as register


class Command(BaseCommand):
    help = "The risk score of every active adult social care service in a council's area, with its reasons."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="The council, by name (for example Oldham).")
        parser.add_argument("--as-of", help="Score as at this day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--format", choices=("table", "json", "csv"), default="table", help="Output format."
        )

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of must be a date like 2026-03-02, not {options['as_of']!r}") from exc
        try:
            council = queries.local_authority(options["la"])
        except register.LocalAuthority.DoesNotExist as exc:
            raise CommandError(
                f"--la: no council called {options['la']!r} (use its name, e.g. Oldham)"
            ) from exc
        weights, version = queries.weights_in_force(organisation=queries.council_of(council), as_of=as_of)
        scores = queries.scores_as_at(as_of=as_of, local_authority_codes=[council.code], weights=weights)
        output = options["format"]
        if output == "json":
            payload = {
                "local_authority": council.name,
                "as_of": as_of.isoformat(),
                "weights_version": version,
                "services": [
                    {
                        "id": item.location_id,
                        "name": item.name,
                        "score": item.score,
                        "reasons": [
                            {"signal": r.signal, "points": r.points, "text": r.text} for r in item.reasons
                        ],
                    }
                    for item in scores
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
        elif output == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["id", "name", "score", "reasons"])
            for item in scores:
                writer.writerow(
                    [item.location_id, item.name, f"{item.score:g}", "; ".join(map(str, item.reasons))]
                )
        else:
            self.stdout.write(
                f"Risk scores in {council.name} as at {as_of:%-d %B %Y}: {len(scores)} services"
            )
            for item in scores:
                top = "; ".join(map(str, item.top()))
                self.stdout.write(f"{item.score:>6g}  {item.location_id:<14} {item.name[:40]:<40}  {top}")
