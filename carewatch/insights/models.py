"""Precomputed monthly market figures, so an England dashboard does not replay ten years of history.

A ``MarketMonth`` row holds, for one area, one service type and one month-end, exactly what
``carewatch.insights.timeline`` computes from the register's dated history: active locations by
overall rating, beds, and the age of the latest ratings. Rows are computed for one *register
version* (the id of the latest ``register.Snapshot``); when a later import makes them stale the
dashboards compute the same figures live from the history until ``carewatch insights_refresh`` (or
``services.refresh_market_months``) runs again. See docs/insights.md, "Precomputed months".
A row is written from, and read back as, the figures types of :mod:`carewatch.insights.counts`.
"""

from __future__ import annotations

from django.db import models

from carewatch.insights.counts import Counts, RatingAge


class MarketMonth(models.Model):
    register_version = models.PositiveIntegerField()  # register.Snapshot id the rows were computed from
    level = models.CharField(max_length=10)  # england, region, icb, la
    code = models.CharField(max_length=9)
    service = models.CharField(max_length=12)  # care-homes, home-care, all
    on = models.DateField()  # a month-end
    active = models.PositiveIntegerField(default=0)
    outstanding = models.PositiveIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    requires_improvement = models.PositiveIntegerField(default=0)
    inadequate = models.PositiveIntegerField(default=0)
    beds = models.PositiveIntegerField(default=0)
    age_rated = models.PositiveIntegerField(default=0)
    age_median_days = models.FloatField(null=True, blank=True)
    age_older_than_2_years = models.PositiveIntegerField(default=0)
    age_older_than_4_years = models.PositiveIntegerField(default=0)
    age_bands = models.JSONField(default=list, blank=True)  # counts: <1, 1–2, 2–3, 3–4, 4+ years

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register_version", "level", "code", "service", "on"],
                name="one_market_month_per_area",
            )
        ]
        indexes = [
            models.Index(
                fields=["register_version", "level", "code", "service", "on"], name="market_month_area"
            ),
            models.Index(fields=["register_version", "level", "service", "on"], name="market_month_level"),
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.code} {self.service} {self.on}"

    @classmethod
    def of(
        cls, *, register_version: int, level: str, code: str, service: str, counts: Counts, age: RatingAge
    ) -> MarketMonth:
        """An unsaved row holding one area's ``counts`` and rating ``age`` on ``counts.on``."""
        return cls(
            register_version=register_version,
            level=level,
            code=code,
            service=service,
            on=counts.on,
            active=counts.active,
            outstanding=counts.outstanding,
            good=counts.good,
            requires_improvement=counts.requires_improvement,
            inadequate=counts.inadequate,
            beds=counts.beds,
            age_rated=age.rated,
            age_median_days=age.median_days,
            age_older_than_2_years=age.older_than_2_years,
            age_older_than_4_years=age.older_than_4_years,
            age_bands=list(age.bands),
        )

    def counts(self) -> Counts:
        return Counts(
            on=self.on,
            active=self.active,
            outstanding=self.outstanding,
            good=self.good,
            requires_improvement=self.requires_improvement,
            inadequate=self.inadequate,
            beds=self.beds,
        )

    def rating_age(self) -> RatingAge:
        return RatingAge(
            on=self.on,
            rated=self.age_rated,
            median_days=self.age_median_days,
            older_than_2_years=self.age_older_than_2_years,
            older_than_4_years=self.age_older_than_4_years,
            bands=tuple(self.age_bands),
        )
