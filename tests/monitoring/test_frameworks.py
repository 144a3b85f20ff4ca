"""QA frameworks as data: the defaults, versions a past visit keeps, edits and imports with clear errors."""

import io
import json
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from carewatch.monitoring import errors, frameworks, queries, services
from carewatch.monitoring.models import Framework, FrameworkVersion, Question, ServiceType
from carewatch.ratings.vocabulary import STATEMENTS
from tests.monitoring import factories as f
from tests.monitoring import given

NOW = f.at(2026, 2, 2)
CSV_HEADER = "code,text,statement,standard,weight\n"


def upload(text: str, name: str) -> io.BytesIO:
    handle = io.BytesIO(text.encode("utf-8"))
    handle.name = name
    return handle


def import_csv(world, body: str, **options):
    return services.import_framework(
        organisation=world.council,
        actor=world.manager,
        file=upload(CSV_HEADER + body, "oldham.csv"),
        now=NOW,
        name=options.pop("name", "Oldham care homes"),
        service_type=options.pop("service_type", "care_home"),
        **options,
    )


@pytest.mark.parametrize("service_type", ServiceType.values)
def test_each_default_framework_covers_all_34_quality_statements_and_all_16_local_standards(
    world, service_type
):
    framework = Framework.objects.get(owner__isnull=True, service_type=service_type)
    asked = queries.questions(queries.current_version(framework))
    assert {q.statement_id for q in asked} == set(STATEMENTS)
    assert {q.standard for q in asked} == set(frameworks.LOCAL_STANDARDS)
    assert len({q.code for q in asked}) == len(asked) >= 34


def test_the_default_data_files_read_back_unchanged():
    for spec in frameworks.default_frameworks():
        assert frameworks.statements_missing(spec.questions) == []
        assert all(q.weight > 0 and q.text.endswith("?") for q in spec.questions)


def test_installing_the_defaults_again_changes_nothing(world):
    versions = FrameworkVersion.objects.count()
    assert services.install_defaults(now=NOW) == []
    assert FrameworkVersion.objects.count() == versions


def test_editing_the_default_gives_the_council_its_own_version_and_a_past_visit_keeps_the_version_it_used(
    world,
):
    past = given.visit(world)
    default = past.framework_version.framework
    edited = [
        {
            "code": q.code,
            "text": q.text,
            "statement": q.statement_id,
            "standard": q.standard,
            "weight": q.weight,
        }
        for q in queries.questions(past.framework_version)
    ]
    edited[0]["text"] = "Are incidents recorded and learned from?"
    version = services.edit_framework(
        organisation=world.council, actor=world.manager, framework=default, questions=edited, now=NOW
    )
    assert (version.framework.owner, version.number, version.source) == (world.council, 1, "edited")
    assert queries.framework_for(organisation=world.council, service_type="care_home") == version.framework

    again = list(edited)
    again[1] = {**again[1], "weight": "3"}
    second = services.edit_framework(
        organisation=world.council, actor=world.manager, framework=version.framework, questions=again, now=NOW
    )
    assert second.number == 2

    past.refresh_from_db()
    assert past.framework_version.framework == default
    assert queries.questions(past.framework_version)[0].text != "Are incidents recorded and learned from?"
    assert given.visit(world).framework_version == second


def test_saving_an_unchanged_framework_makes_no_new_version(world):
    default = Framework.objects.get(owner__isnull=True, service_type="home_care")
    current = queries.current_version(default)
    same = [
        {
            "code": q.code,
            "text": q.text,
            "statement": q.statement_id,
            "standard": q.standard,
            "weight": q.weight,
        }
        for q in queries.questions(current)
    ]
    first = services.edit_framework(
        organisation=world.council, actor=world.manager, framework=default, questions=same, now=NOW
    )
    again = services.edit_framework(
        organisation=world.council, actor=world.manager, framework=first.framework, questions=same, now=NOW
    )
    assert again == first


def test_a_framework_version_and_its_questions_cannot_be_changed(world):
    version = FrameworkVersion.objects.filter(framework__owner__isnull=True).first()
    with pytest.raises(PermissionError):
        version.save()
    question = Question.objects.filter(version=version).first()
    question.text = "Changed"
    with pytest.raises(PermissionError):
        question.save()
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(text="Changed behind the model's back")


def test_a_council_imports_a_framework_from_csv(world):
    result = import_csv(
        world,
        '01,"Are medicines given safely, and recorded?",8,Management of medicines,2\n02,Are people treated kindly?,15,1,1.5\n',
    )
    assert result.created and result.version.number == 1 and result.version.source == "imported"
    asked = queries.questions(result.version)
    assert [(q.code, q.statement_id, q.standard, q.weight) for q in asked] == [
        ("01", 8, 8, Decimal("2.00")),
        ("02", 15, 1, Decimal("1.50")),
    ]
    entry = AuditEntry.objects.get(action="monitoring.framework_imported")
    assert entry.organisation == world.council and entry.after["statements_missing"][:3] == [1, 2, 3]


def test_importing_the_same_file_again_changes_nothing(world):
    body = "01,Are medicines given safely?,8,8,1\n"
    assert import_csv(world, body).created
    again = import_csv(world, body)
    assert not again.created and again.version.number == 1


def test_a_changed_import_becomes_the_next_version(world):
    import_csv(world, "01,Are medicines given safely?,8,8,1\n")
    assert import_csv(world, "01,Are medicines given safely?,8,8,2\n").version.number == 2


def test_an_import_names_the_line_and_field_of_every_problem(world):
    body = (
        "01,Are medicines given safely?,35,8,1\n"  # line 2: unknown statement
        "02,Is it clean?,7,7,\n"  # line 3: missing weight
        "03,Is it safe?,5,Kitchen standards,1\n"  # line 4: unknown standard
        "01,Twice?,5,9,1\n"  # line 5: duplicate code
        "05,,5,9,-1\n"  # line 6: no text, bad weight
    )
    with pytest.raises(errors.FrameworkImportError) as refused:
        import_csv(world, body)
    problems = [(p.where, p.field) for p in refused.value.problems]
    assert problems == [
        ("line 2", "statement"),
        ("line 3", "weight"),
        ("line 4", "standard"),
        ("line 5", "code"),
        ("line 6", "text"),
        ("line 6", "weight"),
    ]
    assert "unknown statement id '35'" in str(refused.value.problems[0])
    assert "missing" in refused.value.problems[1].message
    assert refused.value.field == "file" and "6 problems" in refused.value.message
    assert not Framework.objects.filter(owner=world.council).exists()


def test_a_csv_without_the_needed_columns_is_refused_by_column(world):
    with pytest.raises(errors.FrameworkImportError) as refused:
        services.import_framework(
            organisation=world.council,
            actor=world.manager,
            file=upload("code,text,statement\n1,x,2\n", "x.csv"),
            now=NOW,
            name="X",
            service_type="care_home",
        )
    assert [(p.where, p.field) for p in refused.value.problems] == [
        ("line 1", "standard"),
        ("line 1", "weight"),
    ]


def test_a_csv_needs_a_service_type(world):
    with pytest.raises(errors.FrameworkImportError) as refused:
        services.import_framework(
            organisation=world.council,
            actor=world.manager,
            file=upload(CSV_HEADER + "1,Q?,1,1,1\n", "x.csv"),
            now=NOW,
        )
    assert [p.field for p in refused.value.problems] == ["service_type"]


def test_a_json_framework_imports_and_its_problems_name_the_question(world):
    good = {
        "name": "Oldham home care",
        "service_type": "Home care",
        "questions": [
            {"code": "HC1", "text": "Are calls on time?", "statement": 21, "standard": 5, "weight": 1}
        ],
    }
    result = services.import_framework(
        organisation=world.council, actor=world.manager, file=upload(json.dumps(good), "hc.json"), now=NOW
    )
    assert (result.version.framework.name, result.version.framework.service_type) == (
        "Oldham home care",
        "home_care",
    )

    bad = {
        "service_type": "home_care",
        "questions": [
            good["questions"][0],
            {"code": "HC2", "text": "Weight?", "statement": "12", "standard": 4},
            "nonsense",
        ],
    }
    with pytest.raises(errors.FrameworkImportError) as refused:
        services.import_framework(
            organisation=world.council, actor=world.manager, file=upload(json.dumps(bad), "hc.json"), now=NOW
        )
    assert [(p.where, p.field) for p in refused.value.problems] == [("question 3", "question")]
    del bad["questions"][2]
    with pytest.raises(errors.FrameworkImportError) as refused:
        services.import_framework(
            organisation=world.council, actor=world.manager, file=upload(json.dumps(bad), "hc.json"), now=NOW
        )
    assert [(p.where, p.field, p.message) for p in refused.value.problems] == [
        ("question 2", "weight", "missing: give a positive number such as 1")
    ]


def test_broken_json_names_its_line(world):
    with pytest.raises(errors.FrameworkImportError) as refused:
        services.import_framework(
            organisation=world.council,
            actor=world.manager,
            file=upload('{\n "questions": [\n ,]}', "x.json"),
            now=NOW,
        )
    assert refused.value.problems[0].where == "line 3"


def test_only_qa_managers_and_administrators_change_frameworks(world):
    with pytest.raises(errors.NotPermitted):
        services.import_framework(
            organisation=world.council,
            actor=world.officer,
            file=upload(CSV_HEADER + "01,Q?,1,1,1\n", "x.csv"),
            now=NOW,
            name="X",
            service_type="care_home",
        )
    admin = f.person(world.council, Role.ORG_ADMIN, name="Ada Admin")
    assert services.import_framework(
        organisation=world.council,
        actor=admin,
        file=upload(CSV_HEADER + "01,Q?,1,1,1\n", "x.csv"),
        now=NOW,
        name="X",
        service_type="care_home",
    ).created


def test_a_council_cannot_edit_another_councils_framework(world):
    rochdale = f.council("E08000005")
    theirs = services.import_framework(
        organisation=rochdale,
        actor=f.manager(rochdale),
        file=upload(CSV_HEADER + "01,Q?,1,1,1\n", "x.csv"),
        now=NOW,
        name="R",
        service_type="care_home",
    ).version.framework
    with pytest.raises(errors.NotPermitted):
        services.edit_framework(
            organisation=world.council,
            actor=world.manager,
            framework=theirs,
            questions=[{"code": "1", "text": "Q?", "statement": 1, "standard": 1, "weight": 1}],
            now=NOW,
        )


def test_a_supported_living_service_is_visited_under_the_supported_living_framework(world):
    flat = f.location(
        world.council, provider=world.acme, care_home=False, service_types=("Supported living",)
    )
    agency = f.location(
        world.council,
        provider=world.acme,
        care_home=False,
        service_types=("Homecare agencies", "Supported living"),
    )
    assert queries.service_type_of(flat) == "supported_living"
    assert queries.service_type_of(agency) == "home_care"
    assert queries.service_type_of(world.home) == "care_home"
    assert given.visit(world, location=flat).framework_version.framework.service_type == "supported_living"
