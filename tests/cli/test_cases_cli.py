"""The ``ipcycle case`` commands as a clerk runs them: exit codes, JSON shapes, files written."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.support.casehelpers import SCAN, write_case
from tests.support.cli import Ran
from tests.support.paths import SEEDS


@pytest.fixture
def cli_now() -> str:
    return "2024-06-10T10:00"  # inside the 2024 typical-case call


def js(proc: Ran) -> dict:
    return json.loads(proc.stdout)


def stamp(cli, app: int, tmp_path: Path, role: str = "province:320000") -> None:  # noqa: ANN001
    """C6: the stamped case text and 申报表 filed as scans, as the office selects only with them."""
    scan = tmp_path / "stamped.pdf"
    scan.write_bytes(SCAN)
    for material in ("case-text", "application-form"):
        cli("material", "add", str(app), material, str(scan), "--as", role)


def test_a_typical_case_call_through_the_cli(cli, tmp_path: Path) -> None:
    cycle = js(cli("cycle", "open", "--as", "national", "typical-cases", "--edition", "2024", "--json"))
    assert cycle["visibility"] == "internal"
    assert {m["id"]: m["due"] for m in cycle["milestones"]}["submission"] == "2024-07-15"
    cli(
        "org",
        "add",
        "--as",
        "national",
        "--name",
        "江苏省知识产权局",
        "--kind",
        "provincial-office",
        "--division",
        "320000",
    )
    c = str(cycle["id"])
    good, long = write_case(tmp_path, 1), write_case(tmp_path, 2, basic=230, name="另一个案例")

    report = js(cli("case", "check", str(good), "--cycle", c, "--json"))
    assert report["ok"] and report["violations"] == []
    refused = cli("case", "check", str(long), "--cycle", c, "--json", expect=3)
    assert js(refused)["violations"] == [{"field": "basic", "limit": 200, "count": 230, "bound": "max"}]
    assert "[C3]" in refused.stderr and "基本情况230字，超过上限200字" in refused.stderr
    text = cli("case", "check", str(good), "--cycle", c).stdout
    assert "全文" in text and "1280 字" in text and "字符" in text  # both counts, Word's named

    sent = js(cli("case", "submit", "--cycle", c, "--as", "province:320000", "--file", str(good), "--json"))
    assert (sent["stage"], sent["region"]) == ("submitted", "江苏省苏州市昆山市")
    err = cli("case", "submit", "--cycle", c, "--as", "province:320000", "--file", str(long), expect=3).stderr
    assert "[C3]" in err
    late = write_case(tmp_path, 3, name="迟到的案例")
    err = cli(
        "case", "submit", "--cycle", c, "--as", "province:320000", "--file", str(late), "--now", "2024-07-16", expect=3
    )
    assert "[C6]" in err.stderr and "2024-07-15" in err.stderr

    out = tmp_path / "form.xlsx"
    cli("case", "export", "--cycle", c, "--as", "province:320000", "--table", "form", "--out", str(out))
    assert openpyxl.load_workbook(out).active["C4"].value == "昆山市打造知识产权强县建设样板"
    assert js(cli("case", "minimums", "--cycle", c, "--json"))["requirements"] == []

    stamp(cli, sent["id"], tmp_path)
    cli("fire", str(sent["id"]), "select", "--as", "national")
    md = cli("case", "publish", "--cycle", c, "--format", "md").stdout
    assert (
        md.startswith("附件\n\n## 知识产权强国建设第三批典型案例\n") and "| 1 | 昆山市打造知识产权强县建设样板 |" in md
    )
    docx_out = tmp_path / "list.docx"
    cli("case", "publish", "--cycle", c, "--format", "docx", "--out", str(docx_out))
    imported = js(
        cli("case", "import-published", str(docx_out), "--programme", "typical-cases", "--edition", "2024", "--json")
    )
    assert imported["unchanged"] and imported["cases"] == 1


def test_check_published_shape_against_seed_002(cli) -> None:
    cli("cycle", "open", "--as", "national", "typical-cases", "--edition", "2024")
    seed = str(SEEDS / "002_4864ace11762c744.txt")
    cli("case", "import-published", seed, "--programme", "typical-cases", "--edition", "2023")
    report = js(cli("case", "check-published", "--edition", "2023", "--against-cycle", "1", "--json"))
    assert len(report["cases"]) == 12
    assert report["cases"][0] == {
        "number": 1,
        "name": "国家博物馆加强知识产权保护利用，推动文博事业高质量发展",
        "violations": [{"field": "name", "limit": 25, "count": 27}],
    }


def test_tisc_minimums_and_bad_input(cli, tmp_path: Path) -> None:
    cli("cycle", "open", "--as", "national", "tisc-cases", "--edition", "2021", "--now", "2021-03-15")
    report = js(cli("case", "minimums", "--cycle", "1", "--json", "--now", "2021-03-20"))
    assert [(r["per"], r["phase"], r["due"]) for r in report["requirements"]] == [
        ("province", 1, "2021-03-26"),
        ("province", 2, "2021-06-25"),
        ("submitter", None, "2021-06-25"),
    ]
    assert len(report["shortfalls"]) == 64  # no province has forwarded anything yet
    case = write_case(tmp_path, 1)
    assert "--phase" in cli("case", "check", str(case), "--cycle", "1", expect=2).stderr
    assert "--phase" in cli("case", "check", str(case), "--cycle", "1", "--phase", "3", expect=2).stderr
    cli("case", "submit", "--cycle", "1", "--as", "applicant:1", "--file", str(tmp_path / "nope.md"), expect=2)
    assert (
        "没有第999号单位"
        in cli(
            "case", "submit", "--cycle", "1", "--as", "applicant:999", "--file", str(case), "--phase", "1", expect=2
        ).stderr
    )


def test_check_says_what_submit_would_say_now(cli, tmp_path: Path) -> None:
    c = str(js(cli("cycle", "open", "--as", "national", "typical-cases", "--edition", "2024", "--json"))["id"])
    cli(
        "org",
        "add",
        "--as",
        "national",
        "--name",
        "江苏省知识产权局",
        "--kind",
        "provincial-office",
        "--division",
        "320000",
    )
    for seed in (1, 2, 3):
        case = write_case(tmp_path, seed, name=f"第{seed}个案例")
        cli("case", "submit", "--cycle", c, "--as", "province:320000", "--file", str(case))
    fourth = str(write_case(tmp_path, 4, name="第4个案例"))
    assert js(cli("case", "check", fourth, "--cycle", c, "--json"))["ok"]  # the text alone is fine
    capped = cli("case", "check", fourth, "--cycle", c, "--as", "province:320000", expect=3)
    assert "[C2]" in capped.stderr and "江苏省已报送3个案例" in capped.stderr
    late = cli("case", "check", fourth, "--cycle", c, "--now", "2024-07-16", expect=3)
    assert "[C6]" in late.stderr and "2024-07-15" in late.stderr  # after the deadline, check says so too


def test_publish_is_the_national_office_s_and_editions_are_the_programme_s(cli, tmp_path: Path) -> None:
    c = str(js(cli("cycle", "open", "--as", "national", "typical-cases", "--edition", "2024", "--json"))["id"])
    cli(
        "org",
        "add",
        "--as",
        "national",
        "--name",
        "江苏省知识产权局",
        "--kind",
        "provincial-office",
        "--division",
        "320000",
    )
    sent = js(
        cli("case", "submit", "--cycle", c, "--as", "province:320000", "--file", str(write_case(tmp_path)), "--json")
    )
    stamp(cli, sent["id"], tmp_path)
    cli("fire", str(sent["id"]), "select", "--as", "national")
    refused = cli("case", "publish", "--cycle", c, "--format", "md", "--as", "province:320000", expect=3)
    assert "[ROLE]" in refused.stderr
    wrong = cli("case", "publish", "--cycle", c, "--format", "md", "--out", str(tmp_path / "list.docx"), expect=2)
    assert "does not end in .md" in wrong.stderr and not (tmp_path / "list.docx").exists()
    seed = str(SEEDS / "002_4864ace11762c744.txt")
    odd = cli("case", "import-published", seed, "--programme", "typical-cases", "--edition", "-5", expect=2).stderr
    assert "--edition" in odd and "-5" in odd
    assert "2023 = batch 2" in cli("case", "import-published", "--help").stdout
