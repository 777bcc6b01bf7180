"""Issue 14.8: tiny inputs that would exhaust the machine are refused, located, before the work (exit 2)."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from engine.definition.loader import load_definition_file
from engine.definition.model import Role
from engine.definition.yamlsource import DefinitionError
from engine.files import casedoc
from engine.files.casedoc import read_case
from engine.files.published import read_published
from engine.kernel import limits
from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar, WorkdayDataError
from engine.machine.machine import Actor
from engine.services.applications import dossier
from engine.services.programmes import cycles
from engine.services.reference import roster
from engine.store.workspace import Workspace
from tests.support.paths import REPO

BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
)
LOOPS = ["a: &a [*a]\n", "a: &m {x: 1, y: *m}\n", "- &s\n  - 1\n  - *s\n"]
DEEP = ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000, "".join(f"{'  ' * i}k:\n" for i in range(200)) + "x"]
CHAIN = "\n".join(["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 300)])


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail rather than hang: a FIFO read would block forever."""

    def boom(*_: object) -> None:
        raise TimeoutError("the call blocked")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize(
    "text", [BOMB, *LOOPS, *DEEP, CHAIN], ids=["bomb", "loop1", "loop2", "loop3", "deep1", "deep2", "deep3", "chain"]
)
def test_costly_yaml_is_refused_quickly_with_its_line(tmp_path: Path, text: str) -> None:
    f = tmp_path / "def.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:  # refused by its limits, before building what it expands to
        load_definition_file(f)
    (problem,) = exc.value.problems
    assert problem.startswith(f"{f}:") and problem.split(":")[1].isdigit()
    assert any(w in problem for w in ("expands to more than", "contains it (a loop)", "nest more than 64 levels"))


def test_a_definition_with_ordinary_aliases_still_loads() -> None:
    _, p = load_definition_file(REPO / "workflows" / "demonstration-creation.yaml")
    assert p.id == "demonstration-creation"


def test_every_yaml_reader_refuses_a_bomb(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB, encoding="utf-8")
    with pytest.raises(BadInput, match=r"cannot read dates: .*bomb\.yaml:\d+: the document expands"):
        cycles.read_dates_file(f)
    with pytest.raises(WorkdayDataError, match=r"line \d+: the document expands"):
        WorkdayCalendar(use_package=False).load_yaml(f)
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(limits.MAX_YAML_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(BadInput, match=r"big\.yaml.*文件大小 1,048,577 字节，超过上限 1,048,576 字节"):
        cycles.read_dates_file(big)
    with pytest.raises(DefinitionError, match=r"big\.yaml.*文件大小"):
        load_definition_file(big)


def test_the_commands_refuse_costly_yaml_with_exit_2(cli, tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "loop.yaml").write_text(LOOPS[0], encoding="utf-8")
    (tmp_path / "deep.yaml").write_text(DEEP[0], encoding="utf-8")
    for name in ("bomb", "loop", "deep"):
        assert "bomb.yaml" not in cli("programme", "validate", f"{name}.yaml", expect=2).stdout
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    err = cli("overlay", "load", "bomb.yaml", "--cycle", "1", "--as", "province:320000", expect=2).stderr
    assert err.startswith("bomb.yaml:") and "expands to more than 200,000 values" in err
    err = cli("calendar", "load", "--as", "national", "deep.yaml", expect=2).stderr
    assert "deep.yaml" in err and "nest more than 64 levels" in err
    err = cli(
        "cycle",
        "open",
        "--as",
        "national",
        "demonstration-creation",
        "--edition",
        "2028",
        "--dates",
        "loop.yaml",
        expect=2,
    ).stderr
    assert "loop.yaml:1: an alias refers to the value that contains it" in err
    assert "2028" not in cli("cycle", "list").stdout


def docx_with(tmp_path: Path, name: str, extra: dict[str, bytes]) -> Path:
    """A real case .docx plus extra members, as a crafted bomb would carry them."""
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("案例标题")
    document.save(buf)
    path = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for member, data in extra.items():
            dst.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def test_a_docx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = docx_with(tmp_path, "bomb.docx", {"word/media/image1.png": b"\0" * (20 * limits.MIB)})
    assert bomb.stat().st_size < 100_000
    with pytest.raises(BadInput, match=r"bomb\.docx：其中 word/media/image1\.png 的压缩比为 [\d,]+:1"):
        read_case(bomb)
    with pytest.raises(BadInput, match="的压缩比为"):
        read_published(bomb)
    # a document whose members together declare more than the limit, each compressing modestly
    monkeypatch.setattr(casedoc, "MAX_DOCX_UNPACKED", 3 * limits.MIB)
    noisy = docx_with(tmp_path, "big.docx", {f"word/media/p{i}.bin": os.urandom(limits.MIB) for i in range(4)})
    with pytest.raises(BadInput, match=r"big\.docx：文件解压后超过 3,145,728 字节"):
        read_case(noisy)


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def test_oversized_text_and_tables_are_refused_by_their_size(ws: Workspace, tmp_path: Path) -> None:
    huge = sparse(tmp_path / "case.txt", 360 * limits.MIB)
    with pytest.raises(BadInput, match=r"case\.txt：文件大小 377,487,360 字节，超过上限 2,097,152 字节"):
        read_case(huge)
    with pytest.raises(BadInput, match=r"list\.txt：文件大小"):
        read_published(sparse(tmp_path / "list.txt", 3 * limits.MIB))
    with pytest.raises(BadInput, match=r"r\.csv：文件大小 104,857,600 字节，超过上限 67,108,864 字节"):
        roster.import_roster(ws, sparse(tmp_path / "r.csv", 100 * limits.MIB))
    with pytest.raises(BadInput, match=r"r\.xlsx：文件大小"):
        roster.import_roster(ws, sparse(tmp_path / "r.xlsx", 100 * limits.MIB))


@pytest.mark.usefixtures("no_hang")
def test_devices_fifos_and_directories_are_never_read(ws: Workspace, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    actor = Actor(Role.APPLICANT, "1")
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(BadInput, match="不是普通文件"):
            dossier.add_material(ws, 1, "work-report", path, actor)
    with pytest.raises(BadInput, match=r"pipe\.txt：不是普通文件"):
        read_case(fifo)
    fifo_csv, fifo_yaml = tmp_path / "r.csv", tmp_path / "d.yaml"
    os.mkfifo(fifo_csv)
    os.mkfifo(fifo_yaml)
    with pytest.raises(BadInput, match=r"r\.csv：不是普通文件"):
        roster.import_roster(ws, fifo_csv)
    with pytest.raises(BadInput, match=r"d\.yaml.*不是普通文件"):
        cycles.read_dates_file(fifo_yaml)
    directory = tmp_path / "dir.csv"
    directory.mkdir()
    with pytest.raises(BadInput, match="是文件夹"):
        roster.import_roster(ws, directory)
    with pytest.raises(BadInput, match="没有这个文件"):
        dossier.add_material(ws, 1, "work-report", tmp_path / "missing.pdf", actor)
