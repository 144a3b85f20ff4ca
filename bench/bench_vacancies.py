"""A discharge coordinator's vacancy search with every care home in England reporting (docs/discharge.md,
"How fast"), and a month of capacity returns for England imported (docs/capacity.md, "How fast").

Loads the full synthetic England (the HSCA CSV written by ``carewatch generate``, as bench_finder does),
then gives every active care home and home-care agency a current capacity return, written in bulk with
the demo's figures (``demo.capacity.bulk_current_returns``: most in the last 7 days, some stale). Each
council and ICB the searches start in gets an organisation with a discharge coordinator, and a third of
its area's providers a contract. Measured, interleaved, over postcodes in the five largest towns:

- ``vacancy_search_council``: ``discharge.ranking.rank`` for a pathway 3 referral (a random one of the
  four main bed types) by a coordinator of the council the postcode is in: resolve the place, candidates
  in the council's area within 25 miles with a vacancy accepting admissions in the bed type, suspended
  placements and services below the rating floor left out, beds held since each return taken off,
  distance, freshness, CQC and local QA ratings, in-contract status and the score. Target p95 150 ms.
- ``vacancy_search_icb``: the same by a coordinator of the ICB (a wider area). Target p95 150 ms.
- ``vacancy_search_home_care``: a pathway 1 referral (home with support) by the council's coordinator:
  home-care agencies taking new packages in the area searched from. Target p95 150 ms.

Baseline, measured in the same run: the plain name search (``register.queries.search_locations`` with a
word from a service's name: its count and first page of 25), what ``/services/?q=…`` runs.

Then the import: a month's return for every active care home and home-care agency in England, written
by ``demo.capacity.returns_csv`` as the CSV file providers upload, read and saved by
``capacity.services.import_returns`` (every check, all or none; an operator's load, ``actor`` None).
Target under 30 s.

Prints p95 and ratios; writes bench/results/vacancies-<backend>.json.

    .venv/bin/python bench/bench_vacancies.py [--data var/bench/england] [--database-url URL]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGETS_MS = {"vacancy_search_council": 150, "vacancy_search_icb": 150, "vacancy_search_home_care": 150}
IMPORT_TARGET_S = 30
BED_TYPES = ("general_residential", "dementia_residential", "general_nursing", "dementia_nursing")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="var/bench/england")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/vacancies.sqlite3"
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.utils import timezone

    from carewatch.capacity import services as capacity_services
    from carewatch.capacity.compliance import Month
    from carewatch.capacity.models import BedReturn, CapacityReturn, Contract
    from carewatch.core.models import Organisation, RoleGrant, User
    from carewatch.core.roles import OrganisationKind, Role
    from carewatch.demo import capacity as capacity_demo
    from carewatch.discharge import ranking
    from carewatch.discharge.models import Referral
    from carewatch.register import models, queries, services
    from carewatch.register.importers import detect

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    data = Path(args.data)
    bulk = sorted((data / "bulk").glob("*HSCA_Active_Locations.csv"))
    if not bulk:
        print(f"generating a synthetic England into {data} …")
        call_command("generate", out=str(data), seed=1, scale=1.0)
        bulk = sorted((data / "bulk").glob("*HSCA_Active_Locations.csv"))
    source = max(bulk, key=lambda path: path.stat().st_mtime)
    seconds, _ = common.timed(
        services.import_snapshot,
        reader=detect.open_reader(source),
        imported_at=datetime.now(UTC),
        actor_label="bench",
        force=True,
    )
    active = models.Location.objects.filter(is_active=True, adult_social_care=True)
    print(
        f"{models.Location.objects.count()} locations loaded from {source.name} in {seconds:.0f} s"
        f" ({active.count()} active adult social care; {connection.vendor})"
    )

    now = timezone.now()
    today = timezone.localdate(now)
    reporting = list(
        active.filter(Q(care_home=True) | Q(home_care=True))
        .order_by("id")
        .only(
            "id", "care_home", "home_care", "nursing", "beds", "provider_id", "postcode", "local_authority_id"
        )
    )
    care_homes = sum(1 for place in reporting if place.care_home)
    seconds, written = common.timed(capacity_demo.bulk_current_returns, reporting, seed=1, now=now)
    print(
        f"{written} current returns written in bulk in {seconds:.0f} s ({care_homes} care homes,"
        f" {len(reporting) - care_homes} home-care agencies; {BedReturn.objects.count()} bed rows)"
    )

    rng = random.Random(1)
    cities = [
        row["town"]
        for row in active.exclude(town="").values("town").annotate(n=Count("id")).order_by("-n", "town")[:5]
    ]
    located = list(
        active.filter(town__in=cities, latitude__isnull=False)
        .exclude(postcode="")
        .order_by("id")
        .values_list("postcode", "local_authority_id", "icb_id")
    )
    coordinators: dict[tuple[str, str], User] = {}

    def coordinator(kind: str, code: str) -> User:
        if (kind, code) not in coordinators:
            link = {"local_authority_id": code} if kind == OrganisationKind.COUNCIL else {"icb_id": code}
            organisation = Organisation.objects.create(kind=kind, name=f"Bench {kind} {code}", **link)
            user = User.objects.create_user(
                username=f"bench-{kind}-{code}", organisation=organisation, first_name="Bench"
            )
            RoleGrant.objects.create(user=user, role=Role.DISCHARGE_COORDINATOR)
            coordinators[(kind, code)] = user
            _contracts(organisation, kind, code)
        return coordinators[(kind, code)]

    def _contracts(organisation: Organisation, kind: str, code: str) -> None:
        """A third of the area's providers in contract (all their services, or named ones)."""
        if kind != OrganisationKind.COUNCIL:
            return
        area = active.filter(local_authority_id=code, provider__isnull=False)
        by_provider: dict[str, list[str]] = {}
        for location_id, provider_id in area.values_list("id", "provider_id").order_by("id"):
            by_provider.setdefault(provider_id, []).append(location_id)
        chosen = [p for p in sorted(by_provider) if random.Random(f"{code}:{p}").random() < 0.35]
        contracts = Contract.objects.bulk_create(
            Contract(
                organisation=organisation,
                provider_id=provider_id,
                reference=f"B-{index}",
                kind="spot" if index % 2 else "block",
                starts_on=today.replace(year=today.year - 1),
                recorded_at=now,
            )
            for index, provider_id in enumerate(chosen)
        )
        Contract.locations.through.objects.bulk_create(
            Contract.locations.through(contract_id=contract.pk, location_id=location_id)
            for contract in contracts
            if contract.kind == "block"
            for location_id in by_provider[contract.provider_id]
        )

    for _postcode, la, icb in located:
        if la:
            coordinator(OrganisationKind.COUNCIL, la)
        if icb:
            coordinator(OrganisationKind.ICB, icb)
    located = [(pc, la, icb) for pc, la, icb in located if la and icb]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as a database in use has them
    words = [
        word
        for name in active.values_list("name", flat=True)[:5000]
        for word in name.split()
        if len(word) > 3 and word.isalpha()
    ]

    def name_search() -> float:
        def run():
            found = queries.search_locations(
                queries.SearchCriteria(text=rng.choice(words), other_services=False)
            )
            return found.count(), list(found[:25])

        return common.timed(run)[0]

    sizes: dict[str, list[int]] = {name: [] for name in TARGETS_MS}
    cpu: dict[str, list[float]] = {name: [] for name in TARGETS_MS}

    def search(kind: str, pathway: str, where: tuple[str, str, str]) -> float:
        postcode, la, icb = where
        user = coordinators[(kind, la if kind == OrganisationKind.COUNCIL else icb)]
        referral = Referral(
            organisation=user.organisation,
            reference="BENCH",
            pathway=pathway,
            bed_type=rng.choice(BED_TYPES) if pathway != "1" else "",
            funding="council",
            search_from=postcode,
            ready_on=today,
        )
        started, started_cpu = time.perf_counter(), time.process_time()
        found = ranking.rank(referral=referral, user=user, now=now)
        elapsed = time.perf_counter() - started
        name = {
            ("1", OrganisationKind.COUNCIL): "vacancy_search_home_care",
            ("3", OrganisationKind.COUNCIL): "vacancy_search_council",
            ("3", OrganisationKind.ICB): "vacancy_search_icb",
        }[(pathway, kind)]
        cpu[name].append(time.process_time() - started_cpu)
        sizes[name].append(len(found.matches))
        return elapsed

    for _ in range(5):  # warm up
        name_search()
        search(OrganisationKind.COUNCIL, "3", rng.choice(located))
    for values in (*sizes.values(), *cpu.values()):
        values.clear()
    samples: dict[str, list[float]] = {"baseline_name_search": [], **{name: [] for name in TARGETS_MS}}
    for _ in range(args.searches):  # interleaved, so a slow moment of the machine hits every kind alike
        samples["baseline_name_search"].append(name_search())
        where = rng.choice(located)
        samples["vacancy_search_council"].append(search(OrganisationKind.COUNCIL, "3", where))
        samples["vacancy_search_icb"].append(search(OrganisationKind.ICB, "3", where))
        samples["vacancy_search_home_care"].append(search(OrganisationKind.COUNCIL, "1", where))

    base_p95 = common.p95(samples["baseline_name_search"])
    results: dict[str, dict] = {}
    for name, values in samples.items():
        results[name] = common.summary(values)
        if name != "baseline_name_search":
            results[name]["ratio_p95_to_baseline"] = round(common.p95(values) / base_p95, 1)
        if name in TARGETS_MS:
            results[name]["target_p95_ms"] = TARGETS_MS[name]
            results[name]["cpu_p95_ms"] = round(common.p95(cpu[name]) * 1000, 1)
            results[name]["matches_median"] = sorted(sizes[name])[len(sizes[name]) // 2]
    for name, value in results.items():
        print(
            f"{name:28} median {value['median_ms']:7.1f} ms  p95 {value['p95_ms']:7.1f} ms"
            + (f"  ×{value['ratio_p95_to_baseline']}" if "ratio_p95_to_baseline" in value else "")
            + (f"  cpu p95 {value['cpu_p95_ms']:.1f} ms" if "cpu_p95_ms" in value else "")
            + (f"  matches median {value['matches_median']}" if "matches_median" in value else "")
            + (f"  (target {value['target_p95_ms']} ms)" if "target_p95_ms" in value else "")
        )

    # A month of returns for England, as the CSV file providers upload, imported.
    month = Month.of(today)
    csv_s, text = common.timed(capacity_demo.returns_csv, reporting, seed=1, month=month)
    body = text.encode()
    lines = text.count("\n") - 1
    before = CapacityReturn.objects.count()
    import_s, imported = common.timed(
        capacity_services.import_returns, actor=None, file=body, now=timezone.now(), label="bench"
    )
    assert len(imported.returns) == len(reporting) == CapacityReturn.objects.count() - before
    unchanged = sum(1 for row in imported.returns if row.unchanged)
    print(
        f"a month of returns ({len(imported.returns)} services, {lines} lines, {len(body) / 1e6:.1f} MB)"
        f" imported in {import_s:.1f} s (target {IMPORT_TARGET_S} s; CSV written in {csv_s:.1f} s)"
    )
    with open("/proc/loadavg") as load:
        load_average = load.read().split()[:3]
    print(f"load average during the run: {' '.join(load_average)} on {os.cpu_count()} cores")
    common.write_results(
        f"vacancies-{connection.vendor}",
        {
            "database": connection.vendor,
            "load_average": load_average,
            "source": source.name,
            "locations": models.Location.objects.count(),
            "active_adult_social_care": active.count(),
            "reporting_services": len(reporting),
            "care_homes_reporting": care_homes,
            "cities": cities,
            "coordinators": dict(Counter(kind for kind, _ in coordinators)),
            "contracts": Contract.objects.count(),
            "results": results,
            "import_month": {
                "services": len(imported.returns),
                "lines": lines,
                "bytes": len(body),
                "unchanged": unchanged,
                "csv_written_s": round(csv_s, 2),
                "import_s": round(import_s, 2),
                "target_s": IMPORT_TARGET_S,
            },
        },
    )


if __name__ == "__main__":
    main()
