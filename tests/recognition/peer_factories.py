"""A small world for peer support and improvement offers: Oldham with a provider of concern (Elm House,
Inadequate, Safe inadequate, a medicines finding, an open case at level 2) and two supporters' providers.

w = pf.world()
w.council, w.officer, w.manager          # Oldham and its QA officer and manager
w.mentee, w.mentee_org                   # Elm House and the provider organisation running it
w.near, w.near_org                       # Oak House, Good (Safe good), 3 miles away: medicines
w.far, w.far_org                         # Ash Court, Outstanding, 40 miles away: staffing levels
w.case                                   # Oldham's open case about Elm House
"""

from __future__ import annotations

from types import SimpleNamespace

from carewatch.cases import services as case_services
from carewatch.monitoring import services as monitoring_services
from carewatch.recognition import peer_services
from carewatch.register.models import Rating
from tests.cases import factories as cf
from tests.recognition import factories as f

NOW = f.NOW  # 1 June 2026


def _place(location, lat: float, lon: float, **key_questions: str):
    location.latitude, location.longitude = lat, lon
    location.save(update_fields=["latitude", "longitude"])
    Rating.objects.filter(location=location, is_current=True).update(**key_questions)
    return location


def world(*, with_supporters: bool = True) -> SimpleNamespace:
    council = cf.council()
    officer, manager = cf.officer(council), cf.manager(council)
    mentee_org = f.employer("Elm Care Ltd", council, home="Elm House")
    mentee = _place(
        mentee_org.provider.locations.get(), 53.54, -2.11, safe="Inadequate", well_led="Inadequate"
    )
    Rating.objects.filter(location=mentee).update(overall="Inadequate")
    near_org = f.employer("Oak Care Ltd", council, home="Oak House")
    near = _place(
        near_org.provider.locations.get(), 53.58, -2.10, safe="Good", well_led="Requires improvement"
    )
    far_org = f.employer("Ash Care Ltd", "E08000005", home="Ash Court")
    far = _place(far_org.provider.locations.get(), 53.90, -2.60, safe="Outstanding", well_led="Outstanding")
    Rating.objects.filter(location=far).update(overall="Outstanding")
    monitoring_services.install_defaults(now=NOW)
    visit = monitoring_services.create_visit(
        organisation=council,
        actor=officer,
        location=mentee,
        visit_on=NOW.date(),
        kind="responsive",
        announced=False,
        officers=[officer],
        now=NOW,
    )
    monitoring_services.add_finding(
        visit=visit,
        actor=officer,
        text="MAR charts had gaps.",
        severity="high",
        statement_id=8,
        theme="medicines",
        now=NOW,
    )
    case = case_services.open_case(
        actor=manager, organisation=council, locations=[mentee], level="2", reason="Medicines errors", now=NOW
    )
    w = SimpleNamespace(
        council=council,
        officer=officer,
        manager=manager,
        mentee=mentee,
        mentee_org=mentee_org,
        near=near,
        near_org=near_org,
        far=far,
        far_org=far_org,
        case=case,
        visit=visit,
    )
    if with_supporters:
        w.near_supporter = peer_services.volunteer_supporter(
            actor=f.manager_of(near_org), location=near, subjects=["medicines"], now=NOW
        )
        w.far_supporter = peer_services.volunteer_supporter(
            actor=f.manager_of(far_org), location=far, subjects=["staffing-levels"], now=NOW
        )
    return w
