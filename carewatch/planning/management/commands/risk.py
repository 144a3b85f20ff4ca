"""``carewatch risk --la NAME [--as-of DATE] [--format table|json|csv]``: the risk score of every service;
``carewatch risk backtest --as-of DATE [--horizon 12] [--la NAME] [--outcome downgrade|next-inspection]``:
how well it foretold what followed.

Every active adult social care service in the council's area, highest score first, with the
reasons behind each score (docs/planning.md). National data: the CQC register, so no scoping.
"""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carewatch.planning import backtest, queries, risk
from carewatch.register import models as register


class Command(BaseCommand):
    help = "The risk score of every active adult social care service in a council's area, with its reasons."

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            choices=("backtest",),
            help="backtest: check the score against what followed.",
        )
        parser.add_argument(
            "--la", help="The council, by name (for example Oldham); required unless backtesting."
        )
        parser.add_argument(
            "--horizon", type=int, default=12, help="Backtest: months after --as-of to look (default 12)."
        )
        parser.add_argument(
            "--outcome",
            choices=tuple(backtest.OUTCOMES),
            default=backtest.DOWNGRADE,
            help="Backtest: downgrade (a downgrade, Inadequate or a suspension; the default) or "
            "next-inspection (Requires improvement or Inadequate at the next inspection, among those inspected).",
        )
        parser.add_argument("--as-of", help="Score as at this day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--format", choices=("table", "json", "csv"), default="table", help="Output format."
        )

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of must be a date like 2026-03-02, not {options['as_of']!r}") from exc
        council = None
        if options["la"]:
            try:
                council = queries.local_authority(options["la"])
            except register.LocalAuthority.DoesNotExist as exc:
                raise CommandError(
                    f"--la: no council called {options['la']!r} (use its name, e.g. Oldham)"
                ) from exc
        if options["action"] == "backtest":
            if not options["as_of"]:
                raise CommandError("backtest needs --as-of: the day to score services as at")
            if not 1 <= options["horizon"] <= 120:
                raise CommandError("--horizon must be a number of months from 1 to 120")
            self._backtest(as_of, options["horizon"], council, options["outcome"])
            return
        if council is None:
            raise CommandError("--la is required: the council whose services to score (e.g. --la Oldham)")
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

    def _backtest(self, as_of: date, horizon: int, council, outcome: str) -> None:
        codes = [council.code] if council else None
        signals = queries.signals_as_at(as_of=as_of, local_authority_codes=codes)
        month = as_of.month - 1 + horizon
        day = min(as_of.day, 28)
        until = date(as_of.year + month // 12, month % 12 + 1, day)
        ids = [s.location_id for s in signals]
        later = queries.ratings_between(after=as_of, until=until, location_ids=ids)
        if outcome == backtest.NEXT_INSPECTION:
            judged = {
                s.location_id: backtest.next_inspection_outcome(later.get(s.location_id, [])) for s in signals
            }
            outcomes = {location_id: hit for location_id, hit in judged.items() if hit is not None}
            signals = [s for s in signals if s.location_id in outcomes]
        else:
            suspended = queries.suspensions_started_between(after=as_of, until=until, location_ids=ids)
            outcomes = {
                s.location_id: backtest.bad_outcome(
                    s, later.get(s.location_id, []), suspended=s.location_id in suspended
                )
                for s in signals
            }
        results = [
            backtest.evaluate("risk score", {s.location_id: risk.score(s).score for s in signals}, outcomes),
            backtest.evaluate(
                "rating alone", {s.location_id: backtest.rating_alone(s) for s in signals}, outcomes
            ),
            backtest.evaluate(
                "rating age alone", {s.location_id: backtest.rating_age_alone(s) for s in signals}, outcomes
            ),
        ]
        where = council.name if council else "England"
        among = " inspected in the horizon" if outcome == backtest.NEXT_INSPECTION else ""
        self.stdout.write(
            f"Backtest in {where}: scored as at {as_of:%-d %B %Y} (default weights), outcomes to {until:%-d %B %Y}"
            f" ({backtest.OUTCOMES[outcome]}): {results[0].services} services{among},"
            f" {results[0].outcomes} with the outcome"
        )
        for result in results:
            auc = "n/a" if result.auc is None else f"{result.auc:.3f}"
            top = "n/a" if result.precision_top_10 is None else f"{result.precision_top_10:.1%}"
            deciles = " ".join(f"{rate:.0%}" for _, _, rate in result.calibration)
            self.stdout.write(
                f"{result.name:<18} AUC {auc}  precision in the top 10% {top}  outcome rate by decile: {deciles}"
            )
