"""The CQC register as carewatch keeps it: geography, providers, locations, ratings history, snapshots.

Ids are the CQC's own (``1-10024040008``) and are the primary keys, so imports can match records
without a lookup. Nothing is ever deleted: a deregistered location keeps its row and its dates.
"""

from django.db import models

from carewatch.register.importers.records import KEY_QUESTIONS, RATED


class Region(models.Model):
    code = models.CharField(max_length=9, primary_key=True)  # ONS E12……
    name = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.name


class Icb(models.Model):
    code = models.CharField(max_length=9, primary_key=True)  # ONS E54……
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="icbs")

    class Meta:
        verbose_name = "ICB"

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("NHS ").removesuffix(" Integrated Care Board")


class LocalAuthority(models.Model):
    """A council with adult social care duties, current or abolished since 2014 (docs/methodology.md,
    "Geography over time"). An abolished council keeps its name and takes its successors' ICB and region."""

    code = models.CharField(max_length=9, primary_key=True)  # ONS E06/E08/E09/E10……
    name = models.CharField(max_length=200)  # unique among current councils (constraint below)
    icb = models.ForeignKey(Icb, on_delete=models.PROTECT, related_name="local_authorities")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")
    created_on = models.DateField(null=True, blank=True)  # None: existed throughout (since 2014)
    abolished_on = models.DateField(null=True, blank=True)  # the first day it no longer existed
    successors = models.ManyToManyField("self", symmetrical=False, related_name="predecessors", blank=True)

    class Meta:
        verbose_name_plural = "local authorities"
        constraints = [
            # "North Yorkshire" names the county (to 31 March 2023) and the unitary after it.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(abolished_on__isnull=True),
                name="local_authority_current_name_unique",
            ),
            models.UniqueConstraint(
                fields=["name", "abolished_on"], name="local_authority_name_unique_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(created_on__isnull=True)
                | models.Q(abolished_on__isnull=True)
                | models.Q(created_on__lt=models.F("abolished_on")),
                name="local_authority_created_before_abolished",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    name = models.CharField(max_length=200, unique=True)  # the API's name, e.g. "Residential homes"

    def __str__(self) -> str:
        return self.name


class Specialism(models.Model):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class RegulatedActivity(models.Model):
    name = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name_plural = "regulated activities"

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """One import: where it came from, the date the data describes, and what it changed."""

    source_kind = models.CharField(max_length=40)
    source_name = models.CharField(max_length=500)
    as_of = models.DateField()
    scope_key = models.CharField(max_length=64)  # which local authorities the snapshot covers
    content_digest = models.CharField(max_length=64)  # same digest = the same snapshot again
    source_fingerprint = models.CharField(max_length=64, blank=True)  # sha256 of the raw files
    imported_at = models.DateTimeField()
    active_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    deregistered_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # the first problems, as text
    warning_count = models.PositiveIntegerField(default=0)  # bad optional fields kept blank
    # A complete register of England: locations it does not list were deregistered (docs/imports.md).
    complete = models.BooleanField(default=False)
    undone_at = models.DateTimeField(null=True, blank=True)  # ``import-cqc --undo``: no longer in force
    # The file said its date (README, name, dump); False: ``as_of`` is the day it was imported.
    as_of_stated = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["source_kind", "scope_key", "as_of"])]

    def __str__(self) -> str:
        return f"{self.source_kind} {self.source_name} as at {self.as_of}"


class SnapshotChange(models.Model):
    """What one snapshot changed, as it was before: ``import-cqc --undo`` puts it back.

    ``before`` is the row's fields (and, for a location, its lookups) before the snapshot wrote it;
    a row the snapshot created has none and is removed on undo.
    """

    LOCATION = "location"
    PROVIDER = "provider"
    RATING_DEMOTED = "rating-demoted"  # a current rating the snapshot made history
    RATING_DELETED = "rating-deleted"  # a current rating the snapshot dropped (history had that report)

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20)
    object_id = models.CharField(max_length=40)
    before = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} before snapshot {self.snapshot_id}"


class Provider(models.Model):
    id = models.CharField(max_length=20, primary_key=True)
    name = models.CharField(max_length=300, blank=True)
    ownership_type = models.CharField(max_length=60, blank=True)
    registration_status = models.CharField(max_length=20, blank=True)
    registered_on = models.DateField(null=True, blank=True)
    deregistered_on = models.DateField(null=True, blank=True)
    companies_house_number = models.CharField(max_length=20, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=300, blank=True)
    brand_id = models.CharField(max_length=20, blank=True)
    brand_name = models.CharField(max_length=300, blank=True)
    source_hash = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.name or self.id


class Location(models.Model):
    id = models.CharField(max_length=20, primary_key=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations", null=True)
    name = models.CharField(max_length=300)
    name_search = models.CharField(max_length=300, db_index=True)  # lower-cased, for search
    also_known_as = models.CharField(max_length=300, blank=True)
    registration_status = models.CharField(max_length=20)
    registered_on = models.DateField(null=True, blank=True)
    deregistered_on = models.DateField(null=True, blank=True)
    deregistration_inferred = models.BooleanField(default=False)  # absent from a full register snapshot
    dormant = models.BooleanField(default=False)
    dormant_from = models.DateField(null=True, blank=True)  # known only from the API
    is_active = models.BooleanField(default=False)  # registered and not dormant (docs/methodology.md)
    care_home = models.BooleanField(default=False)
    nursing = models.BooleanField(default=False)  # offers "Nursing homes" (care home with nursing)
    home_care = models.BooleanField(default=False)  # offers "Homecare agencies"
    adult_social_care = models.BooleanField(default=False)  # inspection directorate "Adult social care"
    beds = models.PositiveIntegerField(null=True, blank=True)
    location_type = models.CharField(max_length=100, blank=True)
    inspection_directorate = models.CharField(max_length=100, blank=True)
    primary_inspection_category = models.CharField(max_length=200, blank=True)
    address_line_1 = models.CharField(max_length=300, blank=True)
    address_line_2 = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_search = models.CharField(max_length=10, blank=True, db_index=True)  # no spaces, upper
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    local_authority_name = models.CharField(max_length=200, blank=True)  # as the CQC wrote it
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="locations"
    )
    icb = models.ForeignKey(Icb, on_delete=models.PROTECT, null=True, blank=True, related_name="locations")
    icb_from_local_authority = models.BooleanField(default=False)  # the source had no ICB code
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    phone = models.CharField(max_length=40, blank=True)
    website = models.CharField(max_length=300, blank=True)
    brand_id = models.CharField(max_length=20, blank=True)
    brand_name = models.CharField(max_length=300, blank=True)
    registered_manager = models.CharField(max_length=300, blank=True)
    service_types = models.ManyToManyField(ServiceType, related_name="locations", blank=True)
    specialisms = models.ManyToManyField(Specialism, related_name="locations", blank=True)
    regulated_activities = models.ManyToManyField(RegulatedActivity, related_name="locations", blank=True)
    # The current overall rating, kept beside the history for fast lists and market figures.
    current_rating = models.CharField(max_length=40, blank=True, db_index=True)
    current_rating_on = models.DateField(null=True, blank=True)
    current_rating_inherited = models.BooleanField(default=False)
    first_snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")
    source_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "is_active"]),
            models.Index(fields=["icb", "is_active"]),
            models.Index(fields=["region", "is_active"]),
            # The finder's bounding box (register.finder): a range on latitude, then on longitude.
            models.Index(fields=["latitude", "longitude"], name="location_lat_lon"),
            models.Index(fields=["longitude"], name="location_lon"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rated(self) -> bool:
        return self.current_rating in RATED


class Rating(models.Model):
    """One published report's ratings for a location: the current one or a historic one.

    Each key question keeps its own report date: on the current row a focused inspection's new
    ratings sit beside ratings carried forward from earlier reports.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="ratings")
    is_current = models.BooleanField(default=False)
    report_on = models.DateField(null=True, blank=True)
    report_link_id = models.CharField(max_length=64, blank=True)
    overall = models.CharField(max_length=40, blank=True)
    inherited = models.BooleanField(default=False)
    predecessor_id = models.CharField(max_length=20, blank=True)
    safe = models.CharField(max_length=40, blank=True)
    safe_on = models.DateField(null=True, blank=True)
    safe_link_id = models.CharField(max_length=64, blank=True)
    effective = models.CharField(max_length=40, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    effective_link_id = models.CharField(max_length=64, blank=True)
    caring = models.CharField(max_length=40, blank=True)
    caring_on = models.DateField(null=True, blank=True)
    caring_link_id = models.CharField(max_length=64, blank=True)
    responsive = models.CharField(max_length=40, blank=True)
    responsive_on = models.DateField(null=True, blank=True)
    responsive_link_id = models.CharField(max_length=64, blank=True)
    well_led = models.CharField(max_length=40, blank=True)
    well_led_on = models.DateField(null=True, blank=True)
    well_led_link_id = models.CharField(max_length=64, blank=True)
    # Per-service ratings: [{"service", "rating", "report_on", "report_link_id", "key_questions": {…}}]
    services = models.JSONField(default=list, blank=True)
    first_snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["location", "report_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=models.Q(is_current=True),
                name="one_current_rating_per_location",
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.overall} {self.report_on}"

    def key_question_rows(self) -> list[tuple[str, str, object, str]]:
        """(key question, rating, report date, report link id) for the five key questions."""
        return [
            (kq, getattr(self, kq), getattr(self, f"{kq}_on"), getattr(self, f"{kq}_link_id"))
            for kq in KEY_QUESTIONS
        ]


class Assessment(models.Model):
    """A Single Assessment Framework assessment: key-question percentages and statement scores."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="assessments")
    assessment_plan_id = models.CharField(max_length=40)
    service_group = models.CharField(max_length=100, blank=True)
    rating = models.CharField(max_length=40, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # {"safe": {"rating": "Good", "percent": 75, "statements": [{"id": 1, "score": 3, "label", "assessed"}]}}
    key_questions = models.JSONField(default=dict)
    first_snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "assessment_plan_id", "service_group"], name="one_row_per_assessment_plan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {self.assessment_plan_id}"


class PostcodePoint(models.Model):
    """One live postcode's point from the ONS Postcode Directory (ONSPD) or the National Statistics
    Postcode Lookup (NSPL), loaded by ``carewatch import-postcodes FILE``. Optional: without it the
    finder measures from the middle of the register's own locations (docs/finder.md)."""

    postcode = models.CharField(max_length=8, unique=True)  # as written on a letter: "OL1 6AB"
    latitude = models.FloatField()
    longitude = models.FloatField()
    country_code = models.CharField(max_length=9, blank=True)  # ONS: E92000001 England, W92000004 Wales …
    source = models.CharField(max_length=300)  # the file it came from

    def __str__(self) -> str:
        return self.postcode
