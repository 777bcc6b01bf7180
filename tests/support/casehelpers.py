"""Test helpers for case calls: case files of chosen lengths, submitters, cycles (not a test module)."""

from __future__ import annotations

import random
import tempfile
from datetime import datetime
from pathlib import Path

import docx

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import dossier
from engine.services.programmes import cycles
from engine.services.reference import organisations
from engine.store.workspace import Workspace

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
    period: str | None = "2021年至今",
    **lengths: int,
) -> str:
    """A case in the template of 000 attachment 1, its form fields as ``标签：值`` lines on top; no two
    seeds share a sentence."""
    sizes = {**VALID, **lengths}
    head = [
        f"{label}：{value}"
        for label, value in (
            ("案例地区", region),
            ("案例名称", name),
            ("案例摘要", body(abstract, seed * 10 + 1000) if abstract else None),
            ("案例联系人及联系方式", contact),
            ("案例时间", period),
        )
        if value
    ]
    return "\n".join(
        [
            *head,
            title or name or "案例标题",
            body(sizes["basic"], seed * 10),
            "一、主要做法",
            body(sizes["practices"], seed * 10 + 1),
            "二、实践效果",
            body(sizes["effects"], seed * 10 + 2),
            "三、下一步工作思路",
            body(sizes["next_steps"], seed * 10 + 3),
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
    return cycles.open_cycle(ws, "typical-cases", 2024).id


def open_tisc(ws: Workspace, clock: FixedClock, edition: int = 2021) -> int:
    clock.set(datetime(edition, 3, 15, 9))
    return cycles.open_cycle(ws, "tisc-cases", edition).id


def provincial_office(ws: Workspace, code: str = "320000", name: str = "江苏省知识产权局") -> Actor:
    organisations.add_organisation(ws, name, "provincial-office", code)
    return Actor(Role.PROVINCE, code)


def submitter(ws: Workspace, name: str, kind: str, division: str | None = None) -> Actor:
    org = organisations.add_organisation(ws, name, kind, division)
    return Actor(Role.APPLICANT, str(org.id))


# Two real-sounding TISC cases on the same topic (services to SMEs): they share the topic's common
# phrases but are different cases, so the resubmission check (D2) must tell them apart.
SME_CASE = (
    "某大学国家知识产权信息服务中心立足区域产业需求，面向中小企业开展专利导航和专利信息检索服务。"
    "中心组建由图书馆馆员、专业教师和研究生组成的服务团队，建立“一企一策”服务机制，深入企业一线了解"
    "技术研发中的实际问题。针对一家从事新能源电池材料研发的中小企业，中心围绕正极材料制备工艺开展专利"
    "检索与分析，梳理国内外主要竞争对手的专利布局，绘制技术发展路线图，帮助企业识别技术空白点和潜在"
    "侵权风险。企业据此调整研发方向，优化实验方案，缩短研发周期约四个月，并在中心指导下提交发明专利"
    "申请五件，其中两件已获授权。中心还为企业开展知识产权培训六场，帮助企业建立知识产权管理制度，提升"
    "了企业运用专利信息支撑创新决策的能力。下一步，中心将总结服务经验，扩大服务覆盖面，推动专利信息"
    "服务与区域产业发展深度融合。"
)
SME_OTHER_CASE = (
    "省技术与创新支持中心以服务中小企业创新发展为重点，依托省知识产权公共服务平台，开展知识产权信息"
    "公共服务进园区活动。中心在全省十二个产业园区设立服务站点，安排专员定期驻点，为园区企业提供商标"
    "查询、专利分析、政策咨询等一站式服务。针对园区内装备制造企业普遍存在的海外市场拓展需求，中心编制"
    "重点国家和地区知识产权环境指引，组织海外知识产权风险排查，协助企业完善出口产品的专利和商标布局。"
    "一年来，服务站点累计接待企业咨询一千余次，出具检索分析报告八十余份，帮助三家企业成功应对海外侵权"
    "纠纷。中心同时联合金融机构开展知识产权质押融资对接，帮助中小企业获得融资超过两亿元。下一步，中心"
    "将进一步完善服务站点布局，培养专业服务队伍，提升公共服务的便利性和可及性。"
)


def edited_copy(text: str, every: int = 20) -> str:
    """``text`` with one character in ``every`` replaced, as a writer touching up an old case would."""
    return "".join("改" if i % every == every // 2 and ch not in "，。、“”" else ch for i, ch in enumerate(text))


SCAN = b"%PDF-1.4\n%stamped scan\n%%EOF\n"


def stamped(ws: Workspace, app_id: int, actor: Actor, *materials: str) -> None:
    """File a stamped paper's scan (a PDF) for each of ``materials`` of a case (C6, D6), as ``actor``."""
    for material in materials:
        path = Path(tempfile.mkdtemp()) / f"{material}.pdf"
        path.write_bytes(SCAN)
        dossier.add_material(ws, app_id, material, path, actor)
