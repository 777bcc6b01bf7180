"""The rule catalogue (docs/rules.md) and the code stay in step: the same 38 rule IDs, live links, real quotes.

A newcomer greps a rule ID and lands in the catalogue, which says what the notice says and where the rule is
held; these tests fail when a rule is cited in code but not catalogued, catalogued but held by nothing it
links to, linked to a file that moved, or quoted in words its notice does not contain.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import REPO, SEEDS

CATALOGUE = REPO / "docs" / "rules.md"
# The rules of DESIGN.md §3, by programme: A1–A10, B1–B13, C1–C8, D1–D7.
RULES = (
    [f"A{i}" for i in range(1, 11)]
    + [f"B{i}" for i in range(1, 14)]
    + [f"C{i}" for i in range(1, 9)]
    + [f"D{i}" for i in range(1, 8)]
)
RULE_ID = re.compile(r"(?<![A-Za-z0-9_])[A-D][1-9][0-9]?(?![A-Za-z0-9_])")
HEADING = re.compile(r"^### ([A-D][0-9]+) — ", re.M)
LINK = re.compile(r"\]\((\.\./[^)#]+)\)")
QUOTE = re.compile(r"「([^」]+)」")
SCANNED = ("engine", "policies", "notifications", "portal", "workflows", "tests", "bench")


def sections() -> dict[str, str]:
    """Each rule ID with the text of its section, in the catalogue's order."""
    text = CATALOGUE.read_text("utf-8")
    marks = list(HEADING.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return {m.group(1): text[m.start() : end] for m, end in zip(marks, ends, strict=True)}


def cited_in_the_tree() -> dict[str, set[str]]:
    """Every rule-ID-shaped token in the code, the definitions and the tests, with the files citing it."""
    cited: dict[str, set[str]] = {}
    for top in SCANNED:
        for path in (REPO / top).rglob("*"):
            if path.suffix not in {".py", ".yaml", ".j2"} or "__pycache__" in path.parts:
                continue
            for token in set(RULE_ID.findall(path.read_text("utf-8"))):
                cited.setdefault(token, set()).add(str(path.relative_to(REPO)))
    return cited


def test_the_catalogue_lists_the_38_rules_once_each_in_order() -> None:
    assert list(sections()) == RULES
    assert len(RULES) == 38


def test_every_rule_id_the_tree_cites_is_catalogued() -> None:
    unknown = {rule: sorted(files) for rule, files in cited_in_the_tree().items() if rule not in sections()}
    assert unknown == {}, "cited in the tree but not in docs/rules.md"


def test_every_catalogued_rule_is_held_by_a_file_it_links_to() -> None:
    """Each link resolves, and at least one linked file names the rule: the catalogue points where it lives."""
    for rule, text in sections().items():
        linked = [(CATALOGUE.parent / target).resolve() for target in LINK.findall(text)]
        assert linked, f"{rule}: links to nothing"
        missing = [str(p) for p in linked if not p.is_file()]
        assert missing == [], f"{rule}: broken links"
        assert any(rule in RULE_ID.findall(p.read_text("utf-8")) for p in linked), f"{rule}: no linked file names it"


def test_the_catalogue_never_lists_a_rule_nothing_cites() -> None:
    cited = cited_in_the_tree()
    assert [rule for rule in sections() if rule not in cited] == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the notices (shared/seeds/) are not beside this checkout")
def test_every_quote_is_the_notice_s_own_words() -> None:
    """Quotes are compared without white space: the extracted notices break lines inside phrases."""
    notices = "".join(re.sub(r"\s+", "", p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt")))
    for rule, text in sections().items():
        notice_line = next((line for line in text.splitlines() if line.startswith("- Notice:")), "")
        quotes = QUOTE.findall(text)
        assert notice_line and quotes, f"{rule}: no quoted words of the notice"
        unfound = [q for q in quotes if re.sub(r"\s+", "", q) not in notices]
        assert unfound == [], f"{rule}: not in the notices"


def test_the_readme_points_to_the_catalogue_and_the_architecture() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert "docs/rules.md" in readme and "docs/architecture.md" in readme
    assert Path(REPO / "docs" / "architecture.md").is_file()
