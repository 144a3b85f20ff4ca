"""THE ACCESS MATRIX: every page, requested by every kind of person, allowed or refused as the rules say.

The test walks the URL configuration itself, so a page added later is covered the day it is added:

(a) every page must declare who may open it (``access.public``, ``access.signed_in(...)``,
    ``access.system_admin``) — otherwise the test fails naming it;
(b) every page is requested (GET) by each person below, with its URL filled in from ``SAMPLES``
    (records owned by Oldham Council). It must be allowed (status < 400, not sent to sign in)
    exactly when the page's rule allows the person AND the sample record is visible to them;
    otherwise refused (403 or 404; anonymous visitors may instead be sent to sign in);
(c) a URL argument with no entry in ``SAMPLES`` fails the test, saying which sample to add.

The REST API (``api/v1/``) has its own tests (tests/api/); Django's own views are not ours to judge.
A page that refuses GET (405) is probed with an empty POST instead, which must change nothing.
See docs/access.md, "How the access matrix works".
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from carewatch.core import access
from carewatch.core.models import User
from carewatch.core.roles import ROLES_BY_KIND, OrganisationKind, Role
from carewatch.organisations import services as organisation_services
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
EXCLUDED_PREFIXES = ("api/v1/",)  # the REST API: covered by tests/api/
COUNCIL_ROLES = ROLES_BY_KIND[OrganisationKind.COUNCIL]
ICB_ROLES = ROLES_BY_KIND[OrganisationKind.ICB]


# --- the URL configuration --------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    route: str  # "organisation/people/<int:user_id>/roles/"
    name: str | None  # "organisations:person_roles_change"
    callback: Callable
    kwargs: tuple[str, ...]

    @property
    def rule(self) -> access.Rule | None:
        return access.rule_of(self.callback)

    def __str__(self) -> str:
        return f"/{self.route} ({self.name or 'unnamed'})"


def endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns, prefix="", namespace=None))


def _walk(patterns, *, prefix: str, namespace: str | None) -> Iterator[Endpoint]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, prefix=route, namespace=inner)
        elif isinstance(pattern, URLPattern):
            if pattern.callback.__module__.startswith("django."):
                continue  # Django's own (static files, the admin site if ever switched on)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)) or tuple(pattern.pattern.regex.groupindex)
            yield Endpoint(route=route, name=name, callback=pattern.callback, kwargs=kwargs)


def url_for(endpoint: Endpoint, world) -> str:
    values = {kwarg: SAMPLES[kwarg].value(world) for kwarg in endpoint.kwargs}
    if endpoint.name:
        try:
            return reverse(endpoint.name, kwargs=values)
        except NoReverseMatch:
            pass
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), endpoint.route)


# --- the people ---------------------------------------------------------------------------------


def build_world():
    """Two councils with someone in every council role, the ICB Oldham shares with, a provider, an admin."""
    register_services.ensure_reference_data()
    register_services.import_snapshot(
        reader=f.reader(
            [
                f.provider("1-200000001", name="Acme Care Ltd"),
                f.provider("1-200000002", name="Rochdale Homes Ltd"),
                f.location("1-100000001", name="Oak Lodge", provider_id="1-200000001"),
                f.location("1-100000002", name="Elm House", provider_id="1-200000001", rating="Inadequate"),
                f.location(
                    "1-100000003",
                    name="Birch Court",
                    provider_id="1-200000002",
                    local_authority="Rochdale",
                    postcode="OL11 1AA",
                ),
            ]
        ),
        imported_at=NOW,
        actor_label="access matrix",
    )
    oldham = ah.council(code="E08000004")
    rochdale = ah.council(code="E08000005")
    icb = ah.icb(code="E54000057")
    provider = ah.provider(provider_id="1-200000001")
    oldham.partners.add(icb)  # Oldham shares its intelligence with its ICB; Rochdale with nobody

    people: dict[str, User | None] = {"anonymous": None}
    for role in COUNCIL_ROLES:
        people[f"oldham {role}"] = ah.person(oldham, role, username=f"oldham-{role}")
        people[f"rochdale {role}"] = ah.person(rochdale, role, username=f"rochdale-{role}")
    for role in ICB_ROLES:
        people[f"icb {role}"] = ah.person(icb, role, username=f"icb-{role}")
    for role in (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF):
        people[f"provider {role}"] = ah.person(provider, role, username=f"provider-{role}")
    people["system admin"] = ah.system_admin()

    # A record owned by Oldham with an audit trail written by Oldham: a person its administrator added.
    colleague = organisation_services.add_person(
        actor=people["oldham org_admin"],
        now=NOW,
        organisation=oldham,
        username="oldham-colleague",
        first_name="Olive",
        last_name="Colleague",
        email="olive@oldham.example.org",
        roles=[Role.ANALYST],
        site_domain="testserver",
        use_https=False,
    )
    return SimpleNamespace(
        oldham=oldham, rochdale=rochdale, icb=icb, provider=provider, people=people, colleague=colleague
    )


# --- who may see the sample records --------------------------------------------------------------


def everyone(world, user) -> bool:
    return True


def oldham_only(world, user) -> bool:
    """Oldham's own people (and system administrators): people records, audit trails."""
    return user is not None and (user.is_superuser or user.organisation_id == world.oldham.pk)


def oldham_and_its_partners(world, user) -> bool:
    """A council's intelligence: Oldham, the partners it names, system administrators (access.visible_owner_ids)."""
    if user is None:
        return False
    return user.is_superuser or user.organisation_id in {
        world.oldham.pk,
        *world.oldham.partners.values_list("id", flat=True),
    }


def its_owner_only(world, user) -> bool:
    """Something personal to the Oldham QA officer (their API token): nobody else, not even a system administrator."""
    return user is not None and user.pk == world.people["oldham qa_officer"].pk


@dataclass(frozen=True)
class Sample:
    value: Callable  # world -> the value to put in the URL
    visible_to: Callable = everyone  # (world, user) -> may this person see that record?


def _api_token_of_the_oldham_officer(world) -> int:
    from carewatch.core import token_services as tokens

    token, _secret = tokens.create_token(
        user=world.people["oldham qa_officer"], name="matrix", scope="read", now=NOW
    )
    return token.pk


def _oldham_case(world):
    """An Oldham case at level 4 (suspending Elm House), with an action, a pending proposal and a letter."""
    if not hasattr(world, "case"):
        from carewatch.cases import services as case_services
        from carewatch.cases.letters import services as letter_services
        from carewatch.register.models import Location

        manager, officer = world.people["oldham qa_manager"], world.people["oldham qa_officer"]
        case = case_services.open_case(
            actor=manager,
            organisation=world.oldham,
            locations=[Location.objects.get(pk="1-100000002")],
            level="4",
            reason="Safeguarding concerns",
            now=NOW,
        )
        world.case = case
        world.suspension = case.suspensions.get()
        world.action = case_services.add_action(
            actor=officer, case=case, kind="referral_to_cqc", owner=officer, due_on=NOW.date(), now=NOW
        )
        world.proposal = case_services.propose_change(
            actor=officer, case=case, kind="de_escalate", level="3", reason="Improving", now=NOW
        )
        world.letter = letter_services.write_letter(
            actor=officer,
            case=case,
            kind="suspension",
            suspension=world.suspension,
            include_reason=True,
            now=NOW,
        )
    return world.case


def _of_the_oldham_case(name: str) -> Callable:
    return lambda world: (_oldham_case(world), getattr(world, name).pk)[1]


def its_provider_only(world, user) -> bool:
    """A report sent to the provider (Acme Care runs Oak Lodge): its own users only, not even a system administrator."""
    return user is not None and user.organisation_id == world.provider.pk


def _oldham_visit(world):
    """An Oldham visit to Oak Lodge rated Requires improvement with one finding: sent, accepted, published, and
    Acme Care's action plan submitted."""
    if not hasattr(world, "visit"):
        from datetime import timedelta

        from carewatch.monitoring import queries as monitoring_queries
        from carewatch.monitoring import services as monitoring_services
        from carewatch.register.models import Location

        officer, acme = world.people["oldham qa_officer"], world.people["provider provider_manager"]
        monitoring_services.install_defaults(now=NOW)
        visit = monitoring_services.create_visit(
            organisation=world.oldham,
            actor=officer,
            location=Location.objects.get(pk="1-100000001"),
            visit_on=NOW.date(),
            kind="responsive",
            announced=False,
            officers=[officer],
            now=NOW,
        )
        questions = monitoring_queries.questions(visit.framework_version)
        monitoring_services.record_answers(
            visit=visit,
            actor=officer,
            answers={q.code: {"rating": "Requires improvement"} for q in questions},
            now=NOW,
        )
        world.finding = monitoring_services.add_finding(
            visit=visit,
            actor=officer,
            text="MAR charts had gaps.",
            severity="medium",
            question=questions[0],
            now=NOW,
        )
        monitoring_services.send_draft_to_provider(visit=visit, actor=officer, now=NOW)
        from django.core.files.uploadedfile import SimpleUploadedFile

        comment = monitoring_services.add_provider_comment(
            visit=visit,
            actor=acme,
            response="accepted",
            text="",
            now=NOW,
            files=[SimpleUploadedFile("minutes.txt", b"Minutes of the residents' meeting\n")],
        )
        world.evidence = comment.evidence_files.get()
        monitoring_services.publish_report(
            visit=visit, actor=officer, public_summary="Needs to improve.", now=NOW
        )
        plan = monitoring_queries.action_plans_for(officer).get(visit=visit)
        monitoring_services.add_plan_action(
            plan=plan,
            actor=acme,
            finding=world.finding,
            description="Audit the MAR charts weekly",
            owner_name="Registered manager",
            due_on=NOW.date() + timedelta(days=30),
            now=NOW,
        )
        monitoring_services.submit_action_plan(plan=plan, actor=acme, now=NOW)
        world.visit = visit
    return world.visit


def oldhams_own_people(world, user) -> bool:
    """Oldham's feedback links and the feedback waiting for its moderation: Oldham's own people only (not its
    partners, not a system administrator: the services let only the council's QA staff act on them)."""
    return user is not None and user.organisation_id == world.oldham.pk


def _oldham_feedback_link(world):
    """Oldham's open feedback link for Oak Lodge, and one response through it waiting for moderation."""
    if not hasattr(world, "feedback_link"):
        from carewatch.monitoring import services as monitoring_services
        from carewatch.register.models import Location

        world.feedback_link = monitoring_services.create_feedback_link(
            organisation=world.oldham,
            actor=world.people["oldham qa_officer"],
            location=Location.objects.get(pk="1-100000001"),
            now=NOW,
        )
        world.feedback = monitoring_services.submit_feedback(
            token=world.feedback_link.token, respondent_kind="relative", scores={"safety": 4}, now=NOW
        )
    return world.feedback_link


def oldham_and_its_provider(world, user) -> bool:
    """An evidence file the provider attached to its comment on Oldham's report: Oldham's people (the page's
    rule keeps out those not QA or commissioning staff) and the provider's users; not Oldham's partners, not
    a system administrator."""
    return user is not None and user.organisation_id in (world.oldham.pk, world.provider.pk)


def _oldham_setup(world):
    """Oldham's own framework (imported by its QA manager) and a theme it added to its list."""
    if not hasattr(world, "framework"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from carewatch.monitoring import queries as monitoring_queries
        from carewatch.monitoring import services as monitoring_services

        manager = world.people["oldham qa_manager"]
        monitoring_services.install_defaults(now=NOW)
        body = b"code,text,statement,standard,weight\n01,Are medicines given safely?,8,8,1\n"
        imported = monitoring_services.import_framework(
            organisation=world.oldham,
            actor=manager,
            file=SimpleUploadedFile("oldham.csv", body),
            service_type="care_home",
            name="Oldham care homes",
            now=NOW,
        )
        world.framework = imported.version.framework
        world.question = monitoring_queries.questions(imported.version)[0]
        world.theme = monitoring_services.add_theme(
            organisation=world.oldham, actor=manager, name="Oldham's own theme", now=NOW
        )
    return world


def _oldham_contract(world) -> int:
    """Oldham's contract with Acme Care for Oak Lodge: a council's contracts are its own (not its partners')."""
    if not hasattr(world, "contract"):
        from datetime import date

        from carewatch.capacity import services as capacity_services

        world.contract = capacity_services.record_contract(
            organisation=world.oldham,
            actor=world.people["oldham commissioner"],
            contract=capacity_services.ContractInput(
                reference="OMBC-1",
                provider_id="1-200000001",
                kind="block",
                starts_on=date(2026, 4, 1),
                location_ids=("1-100000001",),
            ),
            now=NOW,
        )
    return world.contract.pk


def _oldham_quality_mark(world) -> int:
    """Oldham's quality mark scheme: published, so anyone may read it."""
    if not hasattr(world, "quality_mark"):
        from carewatch.recognition import quality_mark_criteria as qmc
        from carewatch.recognition import quality_mark_services as qm

        world.quality_mark = qm.define_scheme(
            council=world.oldham,
            actor=world.people["oldham qa_manager"],
            name="Oldham Quality Mark",
            tiers=[qm.TierInput("Gold", [qm.CriterionInput(qmc.CQC_OVERALL_GOOD)])],
            now=NOW,
        )
    return world.quality_mark.pk


def _oak_lodge_quality_mark_application(world) -> int:
    """Oak Lodge (Acme Care's) nominated for Oldham's quality mark by the Oldham QA officer, and assessed."""
    if not hasattr(world, "quality_mark_application"):
        from carewatch.recognition import quality_mark_services as qm
        from carewatch.register.models import Location

        scheme = world.quality_mark if hasattr(world, "quality_mark") else None
        if scheme is None:
            _oldham_quality_mark(world)
            scheme = world.quality_mark
        officer = world.people["oldham qa_officer"]
        application = qm.apply_for_mark(
            scheme=scheme,
            tier=scheme.tiers.get(rank=1),
            location=Location.objects.get(pk="1-100000001"),
            actor=officer,
            now=NOW,
        )
        world.quality_mark_application = qm.assess_application(
            application=application, actor=officer, judgements={}, now=NOW
        )
    return world.quality_mark_application.pk


def _oak_lodge_quality_mark_letter(world) -> int:
    """A letter to Acme Care about Oak Lodge's quality mark application (as a suspension writes one)."""
    if not hasattr(world, "quality_mark_letter"):
        from carewatch.recognition.models import QualityMarkLetter

        world.quality_mark_letter = QualityMarkLetter.objects.create(
            application_id=_oak_lodge_quality_mark_application(world),
            kind="suspended",
            subject="Oldham Quality Mark (Gold) suspended at Oak Lodge",
            addressed_to="Registered Manager, Acme Care",
            html="<p>Suspended</p>",
            pdf=b"%PDF-1.4",
            created_at=NOW,
        )
    return world.quality_mark_letter.pk


def _acme_commitment(world) -> int:
    """Acme Care's Social Care Commitment, signed by its provider manager (Acme runs Oak Lodge in Oldham)."""
    if not hasattr(world, "commitment"):
        from datetime import date

        from carewatch.recognition import services as recognition_services

        recognition_services.install_defaults(now=NOW)
        world.commitment = recognition_services.sign_commitment(
            employer=world.provider,
            actor=world.people["provider provider_manager"],
            signed_on=date(2026, 11, 1),
            tasks=[recognition_services.TaskInput(n, f"Task {n}", date(2027, 1, 1)) for n in range(1, 8)],
            now=NOW,
        )
    return world.commitment.pk


def _oldham_referral(world):
    """Oldham's discharge referral RD-1 (general nursing), sent to Acme Care's Oak Lodge."""
    if not hasattr(world, "referral"):
        from datetime import date

        from carewatch.discharge import services as discharge_services

        coordinator = world.people["oldham discharge_coordinator"]
        world.referral = discharge_services.create_referral(
            organisation=world.oldham,
            actor=coordinator,
            details=discharge_services.ReferralInput(
                reference="RD-1",
                pathway="3",
                funding="council",
                search_from="Oldham",
                ready_on=date(2026, 11, 20),
                bed_type="general_nursing",
            ),
            now=NOW,
        )
        (world.placement_request,) = discharge_services.send_requests(
            referral=world.referral, actor=coordinator, location_ids=["1-100000001"], now=NOW
        )
    return world.referral


def _oldham_pairing(world):
    """Oldham pairs Elm House (Acme Care's, Inadequate) with Birch Court, which Rochdale Homes' manager
    volunteered as a peer supporter; a session logged by the council."""
    if not hasattr(world, "pairing"):
        from datetime import date

        from carewatch.recognition import peer_services
        from carewatch.register.models import Location

        rochdale_homes = ah.provider(provider_id="1-200000002")
        supporter = peer_services.volunteer_supporter(
            actor=ah.person(rochdale_homes, Role.PROVIDER_MANAGER, username="rochdale-homes-manager"),
            location=Location.objects.get(pk="1-100000003"),
            subjects=["medicines"],
            now=NOW,
        )
        world.pairing = peer_services.pair(
            actor=world.people["oldham qa_officer"],
            mentee=Location.objects.get(pk="1-100000002"),
            supporter=supporter,
            goals="Safer medicines",
            starts_on=date(2026, 11, 1),
            review_on=date(2027, 2, 1),
            now=NOW,
        )
    return world.pairing


def _oldham_offer_booking(world):
    """Oldham's medicines training, with a place booked for Oak Lodge."""
    if not hasattr(world, "offer_booking"):
        from carewatch.recognition import offers_services
        from carewatch.register.models import Location

        officer = world.people["oldham qa_officer"]
        offer = offers_services.add_offer(
            actor=officer, title="Medicines training", theme="medicines", kind="training", places=5, now=NOW
        )
        world.offer_booking = offers_services.book_place(
            actor=officer, offer=offer, location=Location.objects.get(pk="1-100000001"), now=NOW
        )
    return world.offer_booking


def oldhams_own_organisation(world, user) -> bool:
    """A discharge referral: the people of the organisation that made it only (not its partners, not a system
    administrator: it is about one person)."""
    return user is not None and user.organisation_id == world.oldham.pk


def acme_and_oldham(world, user) -> bool:
    """A commitment: its employer's own people, and the council where it runs services (the pages' rules keep
    out all but its readers); not another council, not an ICB, not a system administrator."""
    return user is not None and user.organisation_id in (world.provider.pk, world.oldham.pk)


def _oldham_programme(world):
    """Oldham's proposed visit programme (its QA officer visits two days a week) with one visit to Oak Lodge
    added by its QA manager: a council's programme is its own QA managers' (not its partners', not a
    system administrator's: only the council's managers plan its visits)."""
    if not hasattr(world, "programme"):
        from datetime import date

        from carewatch.planning import programme_services
        from carewatch.register.models import Location

        manager, officer = world.people["oldham qa_manager"], world.people["oldham qa_officer"]
        programme_services.set_capacity(
            organisation=world.oldham, actor=manager, officer=officer, days_per_week=2, areas=[], now=NOW
        )
        world.programme = programme_services.generate_programme(
            organisation=world.oldham, actor=manager, starts_on=date(2026, 11, 23), weeks=2, now=NOW
        )
        world.programme_visit = programme_services.add_visit(
            plan=world.programme,
            actor=manager,
            location=Location.objects.get(pk="1-100000001"),
            visit_on=date(2026, 11, 24),
            officer=officer,
            announced=False,
            reason="matrix",
            now=NOW,
        )
    return world.programme


# One sample per URL argument name, of a record owned by Oldham (or the Oldham QA officer).
# A page whose argument is missing here fails the matrix: add its sample and who may see it.
SAMPLES: dict[str, Sample] = {
    "location_id": Sample(lambda w: "1-100000001"),  # CQC data: public
    "provider_id": Sample(lambda w: "1-200000001"),
    "user_id": Sample(lambda w: w.colleague.pk, oldham_only),
    # the visit programme (issue 17): Oldham's own QA managers
    "officer_id": Sample(lambda w: w.people["oldham qa_officer"].pk, oldhams_own_people),
    "programme_id": Sample(lambda w: _oldham_programme(w).pk, oldhams_own_people),
    "item_id": Sample(lambda w: (_oldham_programme(w), w.programme_visit.pk)[1], oldhams_own_people),
    "organisation_id": Sample(lambda w: w.oldham.pk, oldham_only),
    "object_type": Sample(lambda w: "user", oldham_only),
    "object_id": Sample(lambda w: str(w.colleague.pk), oldham_only),
    "uidb64": Sample(lambda w: urlsafe_base64_encode(force_bytes(w.colleague.pk))),
    "token": Sample(lambda w: default_token_generator.make_token(w.colleague)),
    "token_id": Sample(_api_token_of_the_oldham_officer, its_owner_only),
    # The ladder of intervention (carewatch/cases): a council's case is its intelligence.
    "case_id": Sample(lambda w: _oldham_case(w).pk, oldham_and_its_partners),
    "proposal_id": Sample(_of_the_oldham_case("proposal"), oldham_and_its_partners),
    "action_id": Sample(_of_the_oldham_case("action"), oldham_and_its_partners),
    "suspension_id": Sample(_of_the_oldham_case("suspension"), oldham_and_its_partners),
    "letter_id": Sample(_of_the_oldham_case("letter"), oldham_and_its_partners),
    "letter_kind": Sample(lambda w: "suspension"),  # the person's own council's template
    # Local quality monitoring (carewatch/monitoring): a council's visit is its intelligence; the same
    # report, once sent, is the provider's to read (provider pages name it report_id).
    "visit_id": Sample(lambda w: _oldham_visit(w).pk, oldham_and_its_partners),
    "finding_id": Sample(lambda w: (_oldham_visit(w), w.finding.pk)[1], oldham_and_its_partners),
    "report_id": Sample(lambda w: _oldham_visit(w).pk, its_provider_only),
    "evidence_id": Sample(lambda w: (_oldham_visit(w), w.evidence.pk)[1], oldham_and_its_provider),
    # Monitoring set-up (carewatch/monitoring/urls_setup.py): a council's own framework and theme list are
    # its own business (another council finds neither; partners do not configure it).
    "framework_id": Sample(lambda w: _oldham_setup(w).framework.pk, oldham_only),
    "question_id": Sample(lambda w: _oldham_setup(w).question.pk, oldham_only),
    "theme_id": Sample(lambda w: _oldham_setup(w).theme.pk, oldham_only),
    # Lived experience: a location's public feedback link works for anyone who has it; the council's link
    # and its feedback waiting for moderation are for its own QA staff.
    "feedback_token": Sample(lambda w: _oldham_feedback_link(w).token),
    "link_id": Sample(lambda w: _oldham_feedback_link(w).pk, oldhams_own_people),
    "feedback_id": Sample(lambda w: (_oldham_feedback_link(w), w.feedback.pk)[1], oldhams_own_people),
    # Contracts (carewatch/capacity): Oldham's own people (the pages' rules keep out all but council staff).
    "contract_id": Sample(_oldham_contract, oldham_only),
    # The Social Care Commitment (carewatch/recognition): the employer's, read by councils where it runs services.
    "commitment_id": Sample(_acme_commitment, acme_and_oldham),
    "scheme_id": Sample(_oldham_quality_mark),  # a quality mark scheme: published
    "application_id": Sample(_oak_lodge_quality_mark_application, acme_and_oldham),
    "quality_mark_letter_id": Sample(_oak_lodge_quality_mark_letter, acme_and_oldham),
    "statement_number": Sample(lambda w: (_acme_commitment(w), 1)[1]),  # the statements: system admins only
    # Peer support and improvement offers (carewatch/recognition): a service of concern is suggested and paired
    # by its own council's QA staff; a pairing is read by that council and the two providers in it; offers
    # are the council's own.
    "mentee_id": Sample(lambda w: "1-100000001", oldhams_own_people),
    "pairing_id": Sample(lambda w: _oldham_pairing(w).pk, acme_and_oldham),
    "offer_id": Sample(lambda w: _oldham_offer_booking(w).offer_id, oldhams_own_people),
    "booking_id": Sample(lambda w: _oldham_offer_booking(w).pk, oldhams_own_people),
    # Hospital discharge (carewatch/discharge): a referral is its team's; a request is the provider's it went to.
    "referral_id": Sample(lambda w: _oldham_referral(w).pk, oldhams_own_organisation),
    "placement_request_id": Sample(
        lambda w: (_oldham_referral(w), w.placement_request.pk)[1], its_provider_only
    ),
}


# --- the matrix ---------------------------------------------------------------------------------


def test_every_page_declares_who_may_open_it():
    undecided = [str(e) for e in endpoints() if e.rule is None]
    assert not undecided, (
        "These pages have no access rule. Decorate each view with access.public, access.signed_in(...) or "
        f"access.system_admin (carewatch/core/access.py): {undecided}"
    )


def test_every_url_argument_has_a_sample_record():
    missing = sorted({f"{kwarg} (in {e})" for e in endpoints() for kwarg in e.kwargs if kwarg not in SAMPLES})
    assert not missing, (
        "Add a sample value, and who may see that record, to SAMPLES in tests/test_access_matrix.py for: "
        + ", ".join(missing)
    )


def test_the_world_shares_oldhams_intelligence_with_its_icb_and_nobody_else(db):
    world = build_world()
    people = world.people
    assert world.oldham.pk in access.visible_owner_ids(people["icb analyst"])
    assert world.oldham.pk not in access.visible_owner_ids(people["rochdale qa_manager"])
    assert access.visible_owner_ids(people["provider provider_manager"]) == set()
    assert access.visible_owner_ids(people["oldham qa_officer"]) == {world.oldham.pk}


def test_every_page_allows_exactly_the_people_its_rule_and_the_records_visibility_allow(db):
    world = build_world()
    pages = [e for e in endpoints() if e.rule is not None and all(k in SAMPLES for k in e.kwargs)]
    urls = {e: url_for(e, world) for e in pages}
    clients = {who: _client(user) for who, user in world.people.items()}
    wrong = []
    for endpoint in pages:
        for who, user in world.people.items():
            expected = endpoint.rule.allows(user or AnonymousUser()) and all(
                SAMPLES[k].visible_to(world, user) for k in endpoint.kwargs
            )
            response = clients[who].get(urls[endpoint])
            method = "GET"
            if response.status_code == 405:
                method, response = "POST", _client(user).post(urls[endpoint])
            outcome = _outcome(response, anonymous=user is None)
            if outcome != ("allowed" if expected else "refused"):
                wrong.append(
                    f"{method} {urls[endpoint]} as {who}: expected {'allowed' if expected else 'refused'}, "
                    f"got {response.status_code} {response.get('Location', '')}".rstrip()
                )
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)


# The visit programme in the REST API (issue 17): read by Oldham's own QA officers and managers only. A provider's
# token never reaches it (the programme holds unannounced visits), nor a partner's, nor a system administrator's.
PROGRAMME_API = ("/api/v1/programme", "/api/v1/programme/{id}", "/api/v1/programme/{id}/visits")


def test_the_programme_api_answers_exactly_oldhams_qa_officers_and_managers(db):
    from carewatch.core import token_services

    world = build_world()
    plan = _oldham_programme(world)
    allowed = {"oldham qa_officer", "oldham qa_manager"}
    rochdales = {"rochdale qa_officer", "rochdale qa_manager"}  # their own list (empty); Oldham's is 404
    wrong = []
    for who, user in world.people.items():
        headers = {}
        if user is not None:
            secret = token_services.create_token(user=user, name="matrix", scope="read", now=NOW)[1]
            headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        for url in (u.format(id=plan.pk) for u in PROGRAMME_API):
            response = Client(raise_request_exception=False).get(url, **headers)
            expected = 200 if who in allowed else (401 if user is None else 403)
            if who in rochdales:
                expected = 200 if url == PROGRAMME_API[0] else 404
            if who in rochdales and expected == 200 and response.json()["count"] != 0:
                wrong.append(f"GET {url} as {who}: lists Oldham's programme")
            if response.status_code != expected:
                wrong.append(f"GET {url} as {who}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong)


def _client(user: User | None) -> Client:
    """Signed in with both factors (or anonymous); a server error comes back as a 500, not an exception."""
    client = Client(raise_request_exception=False)
    return ah.sign_in(client, user) if user is not None else client


def _outcome(response, *, anonymous: bool) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        if _is_a_sign_in_step(response["Location"]):
            return "refused" if anonymous else "sent to a sign-in step"
        return "allowed"
    if response.status_code < 400:
        return "allowed"
    if response.status_code in (403, 404):
        return "refused"
    return f"an error ({response.status_code})"


def _is_a_sign_in_step(location: str) -> bool:
    path = urlparse(location).path
    steps = [reverse(settings.LOGIN_URL)]
    for name in ("core:second_factor", "core:second_factor_setup", "core:recovery_code"):
        with contextlib.suppress(NoReverseMatch):
            steps.append(reverse(name))
    return path in steps


def test_only_a_council_s_own_qa_managers_change_its_risk_weights(db):
    """The weights page (/planning/weights/, issue 17) is read by a council's QA officers and managers (the GET
    matrix above); a change (POST) is its QA managers' only, and lands on their own council's weights."""
    from carewatch.planning import risk
    from carewatch.planning.models import WeightsVersion

    world = build_world()
    form = {
        **{name: str(value) for name, value in risk.DEFAULT_WEIGHTS.items()},
        "downgraded": "21",
        "note": "m",
    }
    wrong = []
    for who, user in world.people.items():
        response = _client(user).post(reverse("planning:weights"), form)
        expected = "allowed" if who in ("oldham qa_manager", "rochdale qa_manager") else "refused"
        if _outcome(response, anonymous=user is None) != expected:
            wrong.append(f"POST as {who}: expected {expected}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)
    saved = WeightsVersion.objects.order_by("organisation_id")
    assert [(v.organisation_id, v.created_by.organisation_id) for v in saved] == [
        (world.oldham.pk, world.oldham.pk),
        (world.rochdale.pk, world.rochdale.pk),
    ]
