"""China's administrative divisions (GB/T 2260) with the administrative level the rules need.

Eligibility (A1, A4, B2) turns on a unit's level, not its name, so every division carries a derived
`Level`; the data (policies/data/divisions.csv) is converted from a dated source and ships with
the code, so results do not change under a running cycle.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})


class Level(StrEnum):
    """Administrative level as the programmes' notices use it (not the GB/T 2260 type name)."""

    PROVINCE = "province"
    MUNICIPALITY = "municipality"
    XPCC = "xpcc"  # 新疆生产建设兵团: provincial office, not a GB/T 2260 division
    SUB_PROVINCIAL_CITY = "sub-provincial-city"
    PREFECTURE_CITY = "prefecture-city"
    PREFECTURE_REGION = "prefecture-region"
    MUNICIPAL_DISTRICT = "municipal-district"
    CITY_DISTRICT = "city-district"
    COUNTY_LEVEL_CITY = "county-level-city"
    COUNTY = "county"
    PROVINCE_ADMINISTERED = "province-administered"
    XPCC_CITY = "xpcc-city"

    @property
    def tier(self) -> int:
        """0 provincial, 1 prefecture, 2 county: the rank used to break ties between names."""
        if self in (Level.PROVINCE, Level.MUNICIPALITY, Level.XPCC):
            return 0
        if self in (Level.SUB_PROVINCIAL_CITY, Level.PREFECTURE_CITY, Level.PREFECTURE_REGION):
            return 1
        return 2


@dataclass(frozen=True, slots=True)
class Division:
    """One division. `kind` is the source's own type (县, 自治州, 旗 …), kept for the record."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    province_code: str
    kind: str = ""

    @property
    def in_municipality(self) -> bool:
        """A district or county directly under 北京/天津/上海/重庆 (A1's 直辖市的区, B2's 直辖市的县)."""
        return self.parent_code in MUNICIPALITY_CODES

    @property
    def tier(self) -> int:
        return self.level.tier


# Suffixes dropped to get the short form people write ("浙江宁波", "湘西州"), longest first.
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "林区",
    "特区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
# Ethnic names in autonomous units' names; single-character ones only count with 族.
_ETHNIC = sorted(
    (
        "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 东乡 纳西 "
        "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 普米 塔吉克 怒 鄂温克 保安 裕固 独龙 鄂伦春"
    ).split(),
    key=len,
    reverse=True,
)
_NOISE = re.compile(r"[\s·•\-—_/|,，、.。:：;；()（）\[\]【】]")
_PREFIXES = ("中华人民共和国", "中国")
_TRAILERS = ("人民政府", "政府")


def _strip_ethnic(stem: str) -> str:
    """'湘西土家族苗族' -> '湘西', '伊犁哈萨克' -> '伊犁'; never below two characters."""
    changed = True
    while changed:
        changed = False
        for eth in _ETHNIC:
            for tail in (eth + "族", eth if len(eth) > 1 else None):
                if tail and stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem, changed = stem[: -len(tail)], True
                    break
            if changed:
                break
    if stem.endswith("族") and len(stem) >= 3:  # 东乡族自治县 -> 东乡
        stem = stem[:-1]
    return stem


def short_forms(name: str) -> set[str]:
    """The short names a person writes for a division: 江苏省 -> 江苏, 湘西土家族苗族自治州 -> 湘西, 湘西州."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
            if len(stem) < 2:
                return set()
            return {stem, stem + "州"} if suffix == "自治州" else {stem}
    return set()


class DivisionRegistry:
    """All divisions, indexed by code and by name; build one with `load` or use `registry()`."""

    def __init__(self, divisions: Iterable[Division], data_date: str) -> None:
        self.data_date = data_date
        self._by_code: dict[str, Division] = {}
        self._by_name: dict[str, list[Division]] = {}
        self._children: dict[str, list[Division]] = {}
        self._aliases: dict[str, list[tuple[str, bool]]] = {}
        for div in divisions:
            self._by_code[div.code] = div
            self._by_name.setdefault(div.name, []).append(div)
            if div.parent_code:
                self._children.setdefault(div.parent_code, []).append(div)
            self._aliases.setdefault(div.name, []).append((div.code, True))
            for alias in short_forms(div.name) - {div.name}:
                self._aliases.setdefault(alias, []).append((div.code, False))
        self._longest_alias = max((len(a) for a in self._aliases), default=0)
        self._provinces = tuple(d for d in self._by_code.values() if d.tier == 0)  # read on most pages

    @classmethod
    def load(cls, csv_path: Path | None = None, source_path: Path | None = None) -> DivisionRegistry:
        """Read divisions.csv and the data date recorded beside it by the converter."""
        csv_path = csv_path or DATA_DIR / "divisions.csv"
        source_path = source_path or csv_path.with_name("divisions.source.txt")
        with csv_path.open(encoding="utf-8", newline="") as fh:
            divisions = [
                Division(
                    r["code"],
                    r["name"],
                    Level(r["level"]),
                    r["parent_code"] or None,
                    r["province_code"],
                    r.get("kind", ""),
                )
                for r in csv.DictReader(fh)
            ]
        data_date = "unknown"
        if source_path.exists():
            for line in source_path.read_text(encoding="utf-8").splitlines():
                if line.startswith("data_date:"):
                    data_date = line.partition(":")[2].strip()
                    break
        return cls(divisions, data_date)

    # --- lookups -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def get(self, code: str) -> Division | None:
        """By code; '33' and '3302' are read as 330000 and 330200."""
        code = code.strip()
        if len(code) in (2, 4) and code.isdigit():
            code = code.ljust(6, "0")
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Division:
        div = self.get(code)
        if div is None:
            raise KeyError(f"unknown division code {code!r} (data of {self.data_date})")
        return div

    def by_name(self, name: str) -> tuple[Division, ...]:
        """Exact official names; several divisions share one (朝阳区, 鼓楼区), so a tuple."""
        return tuple(self._by_name.get(name.strip(), ()))

    def level(self, code: str) -> Level:
        return self[code].level

    def parent_of(self, code: str) -> Division | None:
        parent = self[code].parent_code
        return self._by_code[parent] if parent else None

    def children(self, code: str) -> tuple[Division, ...]:
        return tuple(self._children.get(self[code].code, ()))

    def province_of(self, code: str) -> Division:
        """The provincial unit whose office handles this division (兵团 for 6590xx cities)."""
        return self._by_code[self[code].province_code]

    def is_within(self, code: str, ancestor: str) -> bool:
        """True if `ancestor` is a parent, grandparent or provincial unit of `code` (not itself)."""
        div = self[code]
        if ancestor == div.province_code and ancestor != div.code:
            return True
        while div.parent_code:
            if div.parent_code == ancestor:
                return True
            div = self._by_code[div.parent_code]
        return False

    def provinces(self) -> tuple[Division, ...]:
        """The 31 provincial-level divisions and the XPCC: the units with a provincial IP office."""
        return self._provinces

    # --- free text ---------------------------------------------------------------------------------
    def candidates(self, text: str) -> tuple[Division, ...]:
        """Every division `text` can name as a chain of (possibly short) names, most specific last."""
        cleaned = _clean(text)
        if not cleaned:
            return ()
        if cleaned.isdigit():
            div = self.get(cleaned)
            return (div,) if div else ()
        best: dict[str, int] = {}
        for code, full in self._parse(cleaned, 0, None):
            best[code] = max(full, best.get(code, -1))
        top = max(best.values(), default=0)
        return tuple(self._by_code[c] for c, n in best.items() if n == top)

    def normalise_name(self, text: str) -> Division | None:
        """The one division a free-text region names ('江苏省苏州市昆山市', '昆山市', '浙江宁波').

        Returns None when nothing matches or the text stays ambiguous (朝阳区: Beijing or
        Changchun?). A short name shared across levels goes to the higher one: 吉林 is the province.
        """
        found = self.candidates(text)
        if len(found) <= 1:
            return found[0] if found else None
        tier = min(d.tier for d in found)
        highest = [d for d in found if d.tier == tier]
        return highest[0] if len(highest) == 1 else None

    def _parse(self, text: str, pos: int, prev: str | None) -> Iterator[tuple[str, int]]:
        """Yield (final code, number of full names used) for each way `text[pos:]` is a chain."""
        if pos == len(text):
            if prev is not None:
                yield prev, 0
            return
        for end in range(min(len(text), pos + self._longest_alias), pos, -1):
            for code, full in self._aliases.get(text[pos:end], ()):
                if prev is None or self.is_within(code, prev):
                    for final, n in self._parse(text, end, code):
                        yield final, n + full


def _clean(text: str) -> str:
    """Full-width to half-width, no spaces or punctuation, no country prefix or 人民政府 trailer."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", text))
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    for trailer in _TRAILERS:
        if text.endswith(trailer) and len(text) > len(trailer):
            text = text[: -len(trailer)]
            break
    return text


@cache
def registry() -> DivisionRegistry:
    """The shipped data, loaded once per process."""
    return DivisionRegistry.load()


def provinces() -> tuple[Division, ...]:
    """31 provinces, autonomous regions and municipalities, plus 660000 新疆生产建设兵团."""
    return registry().provinces()
