"""Helpers for the eligibility tests: real divisions, well-formed USCCs, cycles of both programmes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from engine.services.applications import eligibility
from engine.services.programmes import cycles
from engine.store.workspace import Workspace
from policies.reference.uscc import organisation_code_check

DATES_2023 = {
    "application-opens": date(2023, 7, 3),
    "liaison-receipt": date(2023, 7, 14),
    "recommendation": date(2023, 8, 31),
}

# Real divisions of every kind the rules tell apart (GB/T 2260, data of 2025-11).
NINGBO = "330200"  # 宁波市, sub-provincial city
XIANGXI = "433100"  # 湘西土家族苗族自治州, 自治州
XILINGOL = "152500"  # 锡林郭勒盟, 盟
DONGGUAN = "441900"  # 东莞市, prefecture-level city without districts
DONGCHENG = "110101"  # 北京市东城区, municipal district
CHENGKOU = "500229"  # 重庆市城口县, county of a municipality
XIANTAO = "429004"  # 仙桃市, province-administered city (Hubei)
SHIHEZI = "659001"  # 石河子市, XPCC city
KUNSHAN = "320583"  # 昆山市, county-level city
ARONG = "150721"  # 阿荣旗, banner (呼伦贝尔市)
JIANGSU = "320000"  # 江苏省, province
HAISHU = "330203"  # 宁波市海曙区, district of a sub-provincial city
JISHOU = "433101"  # 吉首市, county-level city in a 自治州


def make_uscc(head: str, body: str) -> str:
    """A well-formed USCC: 8 leading characters, 8 organisation-code characters, both check characters."""
    code = head + body
    code += organisation_code_check(body)
    return code + stdnum_uscc.calc_check_digit(code)


def open_2023(ws: Workspace) -> int:
    return cycles.open_cycle(ws, "city-county-pilot-demo", 2023, DATES_2023).id


def open_2025_bare(ws: Workspace) -> int:
    return cycles.open_cycle(ws, "demonstration-creation", 2025).id


def verdict(
    ws: Workspace, cycle: int, category: str, *, division: str | None = None, org: str | None = None
) -> eligibility.EligibilityCheck:
    return eligibility.check(ws, cycle, category, org, division)


def failed_rules(result: eligibility.EligibilityCheck) -> list[str]:
    return [v.rule_id for v in result.verdicts if not v.ok]


def write_csv(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
