"""A month's visit programme for the largest council in England, and the risk list page (docs/planning.md).

Measured:
- ``programme_month``: ``planning.programme_services.generate_programme`` for four weeks for the council
  with the most active adult social care services (its risk scores, last visits, contracts, action plans
  and ladder levels read; what is due; placing on 12 officers' days by geography; saving it), three runs.
  Target under 5 s.
- ``risk_list_page``: GET /planning/risk/ as that council's QA officer through Django's test client
  (the whole page: scores, the first 50 rows, the template), ``--requests`` times. Target p95 under 300 ms.
  The first request after an import, a new day or a change of weights scores the area and keeps the
  scores in the cache; it is timed apart (``risk_list_first_request_ms``).

Baseline, measured in the same run: the council's risk scores alone
(``planning.queries.scores_as_at`` for its local authority), what both of them start from. Prints
seconds and the ratios; writes bench/results/programme-<backend>.json.

    .venv/bin/python bench/bench_programme.py [--scale 1.0] [--data var/bench/england-api-<scale>] [--database-url URL]
"""

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGET_PROGRAMME_SECONDS = 5.0
TARGET_RISK_LIST_P95_MS = 300.0
OFFICERS = 12


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--data")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/programme.sqlite3"
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carewatch.core.models import Organisation, RoleGrant, User
    from carewatch.core.roles import OrganisationKind, Role
    from carewatch.planning import programme_services, queries
    from carewatch.register import services
    from carewatch.register.importers import detect
    from carewatch.register.models import Location

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    data = Path(args.data or f"var/bench/england-api-{args.scale:g}")
    if not (data / "api" / "locations.json").exists():
        print(f"generating a synthetic England (scale {args.scale:g}, API dump) into {data} …")
        call_command("generate", out=str(data), seed=1, scale=args.scale, formats="api")
    now = datetime.now(UTC)
    import_seconds, _ = common.timed(
        services.import_snapshot,
        reader=detect.open_reader(data / "api"),
        imported_at=now,
        actor_label="bench",
        force=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate(now)
    largest = (
        Location.objects.filter(queries.active_on(today), local_authority__isnull=False)
        .values("local_authority_id", "local_authority__name")
        .annotate(n=Count("id"))
        .order_by("-n", "local_authority_id")
        .first()
    )
    assert largest is not None, "no active service imported"
    council = Organisation.objects.create(
        name=f"{largest['local_authority__name']} Council",
        kind=OrganisationKind.COUNCIL,
        local_authority_id=largest["local_authority_id"],
    )
    manager = User.objects.create_user(username="bench-manager", organisation=council, password="x")
    RoleGrant.objects.create(user=manager, role=Role.QA_MANAGER)
    officers = []
    for number in range(OFFICERS):
        officer = User.objects.create_user(
            username=f"bench-officer-{number}", organisation=council, password="x"
        )
        RoleGrant.objects.create(user=officer, role=Role.QA_OFFICER)
        officers.append(officer)
        programme_services.set_capacity(
            organisation=council, actor=manager, officer=officer, days_per_week=4, areas=[], now=now
        )
    programme_services.set_policy(
        organisation=council,
        actor=manager,
        values={
            "contracted_months": 12,
            "high_risk_score": 40,
            "high_risk_months": 6,
            "new_registration_months": 3,
            "follow_up_months": 6,
            "intensive_from_level": "2",
            "intensive_every_days": 7,
            "visits_per_day": 3,
            "unannounced_shares": {"older_people_care_home": 50},
        },
        now=now,
    )
    starts_on = today + timedelta(days=7 - today.weekday())
    programme_runs, baseline_runs = [], []
    plan = None
    for _ in range(args.runs):
        seconds, plan = common.timed(
            programme_services.generate_programme,
            organisation=council,
            actor=manager,
            starts_on=starts_on,
            weeks=4,
            now=now,
        )
        programme_runs.append(seconds)
        seconds, _ = common.timed(
            queries.scores_as_at, as_of=today, local_authority_codes=[largest["local_authority_id"]]
        )
        baseline_runs.append(seconds)
    assert plan is not None
    visits = plan.visits.count()

    reader = officers[0]
    device = TOTPDevice.objects.create(user=reader, name="bench", confirmed=True)
    client = Client()
    client.force_login(reader)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # The first request after an import, a new day or a change of weights scores the area and keeps it
    # (planning.queries.cached_scores); timed on its own, then the pages as a running server serves them.
    assert client.get("/home/").status_code == 200  # the process's first request loads URLs, templates …
    first_seconds, response = common.timed(client.get, "/planning/risk/")
    assert response.status_code == 200
    page_runs = []
    for _ in range(args.requests):
        seconds, response = common.timed(client.get, "/planning/risk/")
        assert response.status_code == 200
        page_runs.append(seconds)

    best, baseline = min(programme_runs), min(baseline_runs)
    page = common.summary(page_runs)
    print(
        f"imported in {import_seconds:.1f} s; largest council {largest['local_authority__name']} "
        f"({largest['n']} active services); {visits} visits proposed, {len(plan.unplaced)} not placed"
    )
    print(f"programme_month    {best:.2f} s (target under {TARGET_PROGRAMME_SECONDS:g} s)")
    print(f"baseline scores    {baseline:.2f} s; ratio {best / baseline:.2f}")
    print(
        f"risk_list_page     median {page['median_ms']:.0f} ms, p95 {page['p95_ms']:.0f} ms "
        f"(target p95 under {TARGET_RISK_LIST_P95_MS:g} ms); ratio p95 to baseline "
        f"{page['p95_ms'] / 1000 / baseline:.2f}; first request (scores the area) {first_seconds * 1000:.0f} ms"
    )
    common.write_results(
        f"programme-{connection.vendor}",
        {
            "scale": args.scale,
            "council": largest["local_authority__name"],
            "active_services": largest["n"],
            "officers": OFFICERS,
            "visits_proposed": visits,
            "not_placed": len(plan.unplaced),
            "import_seconds": round(import_seconds, 2),
            "programme_month_seconds": [round(s, 3) for s in programme_runs],
            "baseline_scores_seconds": [round(s, 3) for s in baseline_runs],
            "ratio_to_baseline": round(best / baseline, 2),
            "risk_list_page": page,
            "risk_list_first_request_ms": round(first_seconds * 1000, 1),
            "risk_list_p95_ratio_to_baseline": round(page["p95_ms"] / 1000 / baseline, 2),
            "targets": {
                "programme_seconds": TARGET_PROGRAMME_SECONDS,
                "risk_list_p95_ms": TARGET_RISK_LIST_P95_MS,
            },
            "met": {
                "programme": best < TARGET_PROGRAMME_SECONDS,
                "risk_list_p95": page["p95_ms"] < TARGET_RISK_LIST_P95_MS,
            }
            if args.scale >= 1
            else None,
        },
    )


if __name__ == "__main__":
    main()
