"""``carewatch generate``: write a synthetic England in the CQC's real formats (docs/generator.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carewatch.demo.generator.model import DEFAULT_AS_OF
from carewatch.demo.generator.run import EDITIONS, FORMATS, generate


class Command(BaseCommand):
    help = (
        "Write a synthetic England (care homes, home care, providers, ten years of ratings) as a CQC API "
        "JSON dump and the CQC's monthly bulk files. Same seed and arguments give byte-identical files."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out", required=True, type=Path, help="directory to write into (created if missing)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--as-of",
            default=DEFAULT_AS_OF.isoformat(),
            help=f"the register's date, YYYY-MM-DD (default {DEFAULT_AS_OF.isoformat()})",
        )
        parser.add_argument(
            "--area", help="only one local authority or ICB: name or ONS code (e.g. Oldham, E54000057)"
        )
        parser.add_argument("--scale", type=float, default=1.0, help="share of England's size (default 1.0)")
        parser.add_argument(
            "--formats",
            default=",".join(FORMATS),
            help=f"comma-separated, from {','.join(FORMATS)} (default: all)",
        )
        parser.add_argument(
            "--months", type=int, default=0, help="also write HSCA CSV + Latest_ratings for the last N months"
        )
        parser.add_argument("--jobs", type=int, default=0, help="writer processes (default: up to 2)")
        parser.add_argument(
            "--edition",
            default=EDITIONS[0],
            help=f"the edition of CQC_directory.csv, from {','.join(EDITIONS)} (default {EDITIONS[0]});"
            " use 2016 with an --as-of date in 2016",
        )

    def handle(self, *args, **options) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        if not 0 < options["scale"] <= 5:
            raise CommandError("--scale must be above 0 and at most 5")
        if options["months"] < 0 or options["months"] > 120:
            raise CommandError("--months must be between 0 and 120")
        chosen = tuple(name.strip() for name in options["formats"].split(",") if name.strip())
        unknown = [name for name in chosen if name not in FORMATS]
        if unknown:
            raise CommandError(f"unknown format(s) {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
        if options["edition"] not in EDITIONS:
            raise CommandError(f"unknown edition {options['edition']!r}: choose from {', '.join(EDITIONS)}")
        try:
            generate(
                options["out"],
                seed=options["seed"],
                as_of=as_of,
                scale=options["scale"],
                area=options["area"],
                formats=chosen,
                months=options["months"],
                jobs=options["jobs"] or None,
                edition=options["edition"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
