"""Hardening of the command line (issue 14): no database appears by mistake, files are not overwritten
without asking, and bad input of any shape is one line and exit 2, never a traceback."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.db import ON_POSTGRES

READS = [
    ["status", "--cycle", "1"],
    ["history", "1"],
    ["org", "list"],
    ["reminders", "log", "--cycle", "1"],
    ["tick"],
    ["scheduler", "run", "--once"],
    ["quota", "show", "--cycle", "1"],
    ["applications", "list", "--cycle", "1"],
    ["recognitions", "list"],
    ["timers", "list"],
    ["user", "list"],
]


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_a_command_on_a_mistyped_database_path_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "ipcylce.db"
    ran = run_cli(*args, "--db", str(typo), cwd=tmp_path)
    assert ran.returncode == 2 and "no database at" in ran.stderr and "ipcycle init" in ran.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", READS[:4], ids=lambda a: " ".join(a))
def test_a_command_on_a_file_that_is_not_ours_says_so(tmp_path: Path, args: list[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, but long enough to have a header\n")
    ran = run_cli(*args, "--db", str(text), cwd=tmp_path)
    assert ran.returncode == 2 and "is not an SQLite database" in ran.stderr
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    ran = run_cli(*args, "--db", str(foreign), cwd=tmp_path)
    assert ran.returncode == 2 and "not an ipcycle database" in ran.stderr
    with sqlite3.connect(foreign) as conn:  # and it was left as it was
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["notes"]


def test_init_alone_creates_a_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert run_cli("init", "--db", str(db), cwd=tmp_path).returncode == 0 and db.exists()
    assert run_cli("status", "--cycle", "1", "--db", str(db), cwd=tmp_path).returncode == 2  # no cycle 1 yet


def test_the_walkthrough_never_empties_a_mail_folder_it_did_not_make(tmp_path: Path) -> None:
    mine = tmp_path / "mail"
    mine.mkdir()
    (mine / "keep.eml").write_text("someone's own mail")
    ran = run_cli("walkthrough", "--mail", str(mine), "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert ran.returncode == 2 and "--force" in ran.stderr and "did not write" in ran.stderr
    assert (mine / "keep.eml").read_text() == "someone's own mail" and not (tmp_path / "w.db").exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert run_cli("walkthrough", "--mail", str(a_file), cwd=tmp_path).returncode == 2


def test_org_template_does_not_overwrite_a_filled_roster_without_force(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,kind,division_code\n昆山市人民政府,government,320583\n", "utf-8")
    ran = run_cli("org", "template", str(roster), cwd=tmp_path)
    assert ran.returncode == 2 and "--force" in ran.stderr
    assert "昆山市人民政府" in roster.read_text("utf-8")
    assert run_cli("org", "template", str(roster), "--force", cwd=tmp_path).returncode == 0
    assert "昆山市人民政府" not in roster.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["quota", "set", "--cycle", "1", "--province", "江苏", "--category", "county", "--places", "10" * 10,
          "--as", "national", "--reason", "x"], "--places"),
        (["status", "--cycle", "9" * 20], "--cycle"),
        (["history", "9" * 20], "APPLICATION_ID"),
        (["fire", "1", "submit", "--as", "applicant:²"], "--as"),
        (["fire", "1", "submit", "--as", "applicant:" + "9" * 20], "--as"),
        (["next", "1", "--as", "province:３２００００"], "--as"),
        (["cycle", "open", "--as", "national", "demonstration-creation", "--edition", "99999"], "--edition"),
        (["liaison", "file", "--cycle", "1", "--as", "province:320000", "--name", "张\x85三", "--title", "处长",
          "--phone", "025-1234567", "--mobile", "13800000000", "--email", "l@js.example"], "--name"),
        (["org", "add", "--as", "national", "--name", "某\u2028公司", "--kind", "company"], "换行"),
    ],
    ids=["places-overflow", "cycle-overflow", "app-overflow", "superscript-id", "huge-id", "fullwidth-province",
         "edition", "nel-in-name", "line-separator"],
)  # fmt: skip
def test_odd_numbers_and_characters_are_one_line_and_exit_2(cli, args: list[str], says: str) -> None:  # noqa: ANN001
    ran = cli(*args, expect=2)
    assert says in ran.stderr and "Traceback" not in ran.stderr + ran.stdout


@pytest.mark.parametrize(
    ("rows", "says"),
    [(["320000,county,²"], "'²'"), (["320000,county," + "1" * 21], "整数"), (["320000,county,-1"], "'-1'"),
     (["320000,county,3.5"], "'3.5'"), (["320000,county,１"], "'１'")],
)  # fmt: skip
def test_a_quota_table_with_odd_numbers_names_the_cell_and_imports_nothing(
    cli,
    tmp_path: Path,
    rows: list[str],
    says: str,  # noqa: ANN001
) -> None:
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    table = tmp_path / "q.csv"
    table.write_text("province_code,category,quota\n320000,city,2\n" + "\n".join(rows) + "\n", "utf-8")
    ran = cli("quota", "import", str(table), "--cycle", "1", "--as", "national", expect=2)
    assert "第3行“quota”列" in ran.stderr and says in ran.stderr
    assert "未导入任何内容" in ran.stderr and "Traceback" not in ran.stderr
    assert '"quota": 2' not in cli("quota", "show", "--cycle", "1", "--json").stdout


@pytest.mark.skipif(ON_POSTGRES, reason="holds SQLite's write lock with sqlite3; PostgreSQL writers wait on rows")
def test_a_busy_database_exits_4_and_changes_nothing(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from engine.store import workspace

    monkeypatch.setattr(workspace, "BUSY_TIMEOUT_MS", 100)  # wait 0.1 s for the lock, not 10 s
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    path = workspace.Workspace(cli.url).engine.url.database
    other = sqlite3.connect(str(path))
    other.execute("BEGIN IMMEDIATE")  # a long import elsewhere holds the write lock
    try:
        ran = cli(
            "org",
            "add",
            "--as",
            "national",
            "--name",
            "昆山市人民政府",
            "--kind",
            "government",
            "--division",
            "320583",
            expect=4,
        )
        assert "database is busy" in ran.stderr and "nothing was changed" in ran.stderr
        assert "昆山" not in cli("org", "list").stdout  # WAL: a reader does not wait for the writer
    finally:
        other.rollback()
        other.close()
    assert "昆山" not in cli("org", "list").stdout


def test_an_internal_error_is_one_line_and_its_trace_is_kept(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from engine.services.programmes import progress

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug deep inside")

    monkeypatch.setattr(progress, "status", broken)
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    ran = cli("status", "--cycle", "1", expect=1)
    (line,) = ran.stderr.splitlines()
    assert line.startswith("internal error: KeyError") and "the full trace is in" in line
    log = Path(line.rsplit(" ", 1)[1].rstrip(")"))
    assert "Traceback" in log.read_text() and "a bug deep inside" in log.read_text()
    log.unlink()


def test_changes_to_who_is_mailed_or_may_apply_name_their_role_and_are_audited(cli, tmp_path: Path) -> None:  # noqa: ANN001
    refused = cli("cycle", "open", "--as", "province:320000", "demonstration-creation", "--edition", "2025", expect=3)
    assert "[ROLE]" in refused.stderr and cli("cycle", "list", "--json").stdout.strip() == "[]"
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    addresses = tmp_path / "offices.csv"
    addresses.write_text("code,email\n320000,ip@js.example.cn\n", "utf-8")
    refused = cli("liaison", "offices", "import", str(addresses), "--as", "province:320000", expect=3)
    assert "[ROLE]" in refused.stderr
    cli("liaison", "offices", "import", str(addresses), "--as", "national")
    addresses.write_text("code,email\n320000,other@js.example.cn\n", "utf-8")
    cli("liaison", "offices", "import", str(addresses), "--as", "national")
    for who in ("applicant:1", "province:330000"):  # an applicant; another province's office
        ran = cli("org", "add", "--as", who, "--name", "昆山市人民政府", "--kind", "government", "--division", "320583",
                  expect=3)  # fmt: skip
        assert "[ROLE]" in ran.stderr
    cli("org", "add", "--as", "province:320000", "--name", "昆山市人民政府", "--kind", "government",
        "--division", "320583", "--email", "ks@example.cn")  # fmt: skip
    log = json.loads(cli("evaluation", "log", "--json").stdout)
    seen = [(e["reference"], e["by"], e["line"]["change"], e["line"]["before"], e["line"]["after"]) for e in log]
    assert seen[0][:3] == ("cycles", "national", "added")
    assert ("addresses", "national", "changed", {"email": None}, {"email": "ip@js.example.cn"}) in seen
    changed = ("addresses", "national", "changed", {"email": "ip@js.example.cn"}, {"email": "other@js.example.cn"})
    assert changed in seen  # before and after, each time
    (org,) = [e for e in log if e["reference"] == "organisations"]
    assert org["by"] == "province:320000" and org["line"]["after"]["email"] == "ks@example.cn"


def test_after_submission_a_material_is_replaced_by_the_province_only_and_nothing_is_lost(
    ws,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from sqlalchemy import select

    from engine.definition.model import Role
    from engine.kernel.errors import Refused
    from engine.machine.machine import Actor
    from engine.services.applications import dossier, stage_moves
    from engine.store.registers import MaterialFile
    from tests.support.lifecycle import new_application, open_2025

    app = new_application(ws, open_2025(ws), "county")
    me, province = Actor(Role.APPLICANT, str(app["org"])), Actor(Role.PROVINCE, "320000")
    (item,) = [m.id for m in dossier.show_materials(ws, app["id"]).materials][:1]
    first, second, third = (tmp_path / f"v{i}.pdf" for i in (1, 2, 3))
    for n, f in enumerate((first, second, third), start=1):
        f.write_bytes(b"%PDF-1.4 version " + bytes([48 + n]))
    dossier.add_material(ws, app["id"], item, first, me)  # a draft's files are the applicant's to change
    stage_moves.fire(ws, app["id"], "submit", me)
    with pytest.raises(Refused) as refused:
        dossier.add_material(ws, app["id"], item, second, me)
    assert refused.value.failed()[0].rule_id == "A8" and "省级知识产权局" in refused.value.failed()[0].reason_zh
    dossier.add_material(ws, app["id"], item, third, province)
    with ws.transaction() as s:
        kept = list(s.scalars(select(MaterialFile.sha256).where(MaterialFile.application_id == app["id"],
                                                                MaterialFile.material_id == item)))  # fmt: skip
    sha = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in (first, second, third)}
    assert sha[first] in kept and sha[third] in kept and sha[second] not in kept
    assert dossier.material_content(ws, app["id"], item).content == third.read_bytes()


def test_a_roster_import_names_its_role_and_an_address_it_changes_is_audited(cli, tmp_path: Path) -> None:  # noqa: ANN001
    book = tmp_path / "roster.csv"
    book.write_text("name,kind,division_code,email\n昆山市人民政府,government,320583,ks@example.cn\n", "utf-8")
    assert "[ROLE]" in cli("org", "import", str(book), "--as", "applicant:1", expect=3).stderr
    assert "not in province 330000" in cli("org", "import", str(book), "--as", "province:330000", expect=2).stderr
    cli("org", "import", str(book), "--as", "province:320000")
    book.write_text("name,kind,division_code,email\n昆山市人民政府,government,320583,evil@example.cn\n", "utf-8")
    cli("org", "import", str(book), "--as", "national")
    log = json.loads(cli("evaluation", "log", "--reference", "organisations", "--json").stdout)
    (changed,) = [e for e in log if e["line"]["change"] == "changed"]
    assert changed["by"] == "national" and changed["line"]["before"] == {"email": "ks@example.cn"}
    assert changed["line"]["after"] == {"email": "evil@example.cn"}  # a redirected address is on record
    assert [e["by"] for e in log if e["line"]["change"] == "added"] == ["province:320000"]
