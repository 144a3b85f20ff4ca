"""The generated table of all 1,024 combinations, and docs/ratings.md kept in step with it."""

from collections import Counter

import pytest

from carewatch.ratings import table

DOCUMENT = table.DOCUMENT


def test_the_principles_decide_619_of_the_1024_combinations_and_leave_405_to_judgement():
    counts = table.counts()
    assert sum(counts.values()) == 1024
    assert counts == Counter({"P3": 26, "P4": 86, "P5": 131, "P6": 376, "judgement": 405})


def test_the_table_lists_every_combination_once():
    rendered = table.render()
    rows = [
        line
        for line in rendered.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip().isdigit()
    ]
    numbered = [row for row in rows if row.count("|") == 9]
    assert len(numbered) == 1024
    assert len({row.split("|", 2)[2] for row in numbered}) == 1024
    assert "| 1 | O | O | O | O | O | Outstanding | principle 3 |" in rendered
    assert "| 1024 | I | I | I | I | I | Inadequate | principle 6 |" in rendered


def test_docs_ratings_md_holds_the_current_table(tmp_path):
    document = DOCUMENT.read_text(encoding="utf-8")
    assert table.generated_block(document) == table.render(), (
        "docs/ratings.md is stale: run `python -m carewatch.ratings.table --write`"
    )
    assert table.main(["--check"]) == 0


def test_write_replaces_only_the_text_between_the_markers_and_check_then_passes(tmp_path, capsys):
    path = tmp_path / "ratings.md"
    path.write_text(f"# Before\n\n{table.BEGIN}\nold table\n{table.END}\n\nAfter.\n", encoding="utf-8")
    assert table.main(["--check", "--path", str(path)]) == 1
    assert table.main(["--write", "--path", str(path)]) == 0
    written = path.read_text(encoding="utf-8")
    assert written.startswith(f"# Before\n\n{table.BEGIN}\n")
    assert written.endswith(f"{table.END}\n\nAfter.\n")
    assert table.main(["--check", "--path", str(path)]) == 0
    assert "stale" in capsys.readouterr().err


def test_a_document_without_the_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        table.replace_block("no markers here", "table")
