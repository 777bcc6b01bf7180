"""Test helpers for case calls: case files of chosen lengths, submitters, cycles (not a test module)."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import docx

from engine import cycles, organisations
from engine.clock import FixedClock
from engine.definition import Role
from engine.machine import Actor
from engine.workspace import Workspace

NATIONAL = Actor(Role.NATIONAL)
# Lengths of a valid typical case (C3): total 1,280 within 1,000–1,500, each section within its limit.
VALID = {"basic": 180, "practices": 450, "effects": 400, "next_steps": 250}


def body(n: int, seed: int) -> str:
    """Exactly ``n`` 字 of text no other seed repeats: sentences of 19 ideographs and a full stop."""
    rng = random.Random(seed)
    out: list[str] = []
    while n > 0:
        take = min(n, 20)
        out.append("".join(chr(rng.randint(0x4E00, 0x8FFF)) for _ in range(take - 1)) + "。")
        n -= take
    return "".join(out)


def case_text(
    seed: int = 1,
    *,
    name: str | None = "昆山市打造知识产权强县建设样板",
    title: str | None = None,
    region: str | None = "江苏省苏州市昆山市",
    abstract: int | None = 150,
    contact: str | None = "张三 0512-12345678",
    **lengths: int,
) -> str:
    """A case in the template of 000 attachment 1, its form fields as ``标签：值`` lines on top."""
    sizes = {**VALID, **lengths}
    head = [
        f"{label}：{value}"
        for label, value in (
            ("案例地区", region),
            ("案例名称", name),
            ("案例摘要", body(abstract, seed + 1000) if abstract else None),
            ("案例联系人及联系方式", contact),
        )
        if value
    ]
    return "\n".join(
        [
            *head,
            title or name or "案例标题",
            body(sizes["basic"], seed),
            "一、主要做法",
            body(sizes["practices"], seed + 1),
            "二、实践效果",
            body(sizes["effects"], seed + 2),
            "三、下一步工作思路",
            body(sizes["next_steps"], seed + 3),
        ]
    )


def write_case(directory: Path, seed: int = 1, suffix: str = ".md", **kwargs: object) -> Path:
    """Write :func:`case_text` as .md/.txt, or as a .docx whose form is a table (attachment 2's shape)."""
    path = directory / f"case-{seed}-{len(list(directory.iterdir()))}{suffix}"
    text = case_text(seed, **kwargs)  # type: ignore[arg-type]
    if suffix != ".docx":
        path.write_text(text, encoding="utf-8")
        return path
    lines = text.splitlines()
    form = [line.split("：", 1) for line in lines if "：" in line[:12]]
    document = docx.Document()
    table = document.add_table(rows=2, cols=len(form))
    for j, (label, value) in enumerate(form):
        table.rows[0].cells[j].text, table.rows[1].cells[j].text = label, value
    for line in lines[len(form) :]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def open_typical(ws: Workspace, clock: FixedClock) -> int:
    """The 2024 typical-case call, with the clock inside its window."""
    clock.set(datetime(2024, 6, 10, 9))
    return cycles.open_cycle(ws, "typical-cases", 2024)["id"]


def open_tisc(ws: Workspace, clock: FixedClock, edition: int = 2021) -> int:
    clock.set(datetime(edition, 3, 15, 9))
    return cycles.open_cycle(ws, "tisc-cases", edition)["id"]


def provincial_office(ws: Workspace, code: str = "320000", name: str = "江苏省知识产权局") -> Actor:
    organisations.add_organisation(ws, name, "provincial-office", code)
    return Actor(Role.PROVINCE, code)


def submitter(ws: Workspace, name: str, kind: str, division: str | None = None) -> Actor:
    org = organisations.add_organisation(ws, name, kind, division)
    return Actor(Role.APPLICANT, str(org["id"]))
