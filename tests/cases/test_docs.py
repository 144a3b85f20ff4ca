"""docs/ladder.md cannot drift from the code: the table, the timescales, the triggers and the services."""

import inspect
import re
from pathlib import Path

import pytest

from carewatch.cases import errors, ladder, services

DOC = (Path(__file__).resolve().parents[2] / "docs" / "ladder.md").read_text(encoding="utf-8")


def test_the_transitions_table_in_the_docs_is_the_one_in_the_code():
    printed = re.search(r"<!-- transitions:start -->\n(.*?)\n<!-- transitions:end -->", DOC, re.S).group(1)
    assert printed == ladder.transitions_markdown()


@pytest.mark.parametrize("key", [t.key for level in ladder.DEFAULT_TEMPLATE.levels for t in level.timescales])
def test_every_default_timescale_is_documented_with_its_source(key):
    assert f"`{key}`" in DOC


@pytest.mark.parametrize("trigger", ladder.Trigger.values)
def test_every_trigger_is_documented(trigger):
    assert f"`{trigger}`" in DOC


@pytest.mark.parametrize("name", services.__all__)
def test_every_service_is_documented(name):
    assert re.search(rf"\b{name}\b", DOC)


@pytest.mark.parametrize(
    "name",
    [n for n, obj in inspect.getmembers(errors, inspect.isclass) if issubclass(obj, errors.CaseError)],
)
def test_every_domain_error_is_documented(name):
    assert f"`{name}" in DOC


@pytest.mark.parametrize("name", [n for n in services.__all__ if n != "EvidenceLink"])
def test_every_services_documented_signature_names_its_arguments(name):
    line = next(line for line in DOC.splitlines() if line.startswith(f"{name}(*, "))
    documented = set(re.findall(r"(\w+)(?=[:=,)]|$)", line.split("(", 1)[1].rsplit(")", 1)[0]))
    actual = set(inspect.signature(getattr(services, name)).parameters)
    assert actual <= documented, f"{name}: undocumented {actual - documented}"
