"""The examples in docs/ratings.md are what the engine really does, so the documentation cannot drift."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.interface import rate

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "ratings.md"


def interface_section() -> str:
    text = DOCUMENT.read_text(encoding="utf-8")
    start = text.index("## The `carewatch rate` interface")
    return text[start : text.index("\n## ", start + 1)]


def json_example_pairs() -> list[tuple[dict, dict]]:
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", interface_section(), re.DOTALL)]
    assert len(blocks) % 2 == 0, "each input block needs an output block after it"
    return list(zip(blocks[::2], blocks[1::2], strict=True))


def test_the_documentation_shows_an_example_for_every_framework():
    frameworks = {example["framework"] for example, _ in json_example_pairs()}
    assert frameworks == {"principles", "saf", "local-authority", "local-qa"}


@pytest.mark.parametrize("pair", json_example_pairs(), ids=lambda pair: pair[0]["framework"])
def test_each_documented_example_gives_the_documented_output(pair):
    payload, output = pair
    assert rate(payload) == output


GOOD = {"safe": "Good", "effective": "Good", "caring": "Good", "responsive": "Good", "well_led": "Good"}
BOUNDS = {
    "safe": (1, 9),
    "effective": (9, 15),
    "caring": (15, 20),
    "responsive": (20, 27),
    "well_led": (27, 35),
}
SAF = {kq: {str(i): 3 for i in range(*bounds)} for kq, bounds in BOUNDS.items()}
DOCUMENTED_ERRORS = [
    {"framework": "ofsted"},
    {"framework": "saf", "scores": {**SAF, "safe": {"35": 3}}},
    {"framework": "saf", "scores": {**SAF, "caring": {"3": 3}}},
    {"framework": "saf", "scores": {**SAF, "safe": {"1": 5}}},
    {"framework": "saf", "scores": {k: v for k, v in SAF.items() if k != "well_led"}},
    {"framework": "principles", "ratings": {k: v for k, v in GOOD.items() if k != "caring"}},
    {"framework": "principles", "ratings": {**GOOD, "well_led": "Not Rated"}},
    {"framework": "principles", "ratings": GOOD, "breech": True},
    {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 0]},
]


def message(payload: dict) -> str:
    with pytest.raises(RatingInputError) as error:
        rate(payload)
    return str(error.value)


def test_the_documented_error_messages_are_the_real_ones():
    documented = re.search(r"```text\n(.*?)```", interface_section(), re.DOTALL).group(1).splitlines()
    with pytest.raises(CommandError) as invalid_json:
        call_command("rate", stdin=io.StringIO("{oops"))
    assert documented[-1].startswith("input: not valid JSON") and str(invalid_json.value).startswith(
        "input: not valid JSON"
    )
    assert documented[:-1] == [message(payload) for payload in DOCUMENTED_ERRORS]
