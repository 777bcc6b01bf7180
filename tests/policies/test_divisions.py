"""What a clerk checks against the division registry: levels of real places, names, provinces."""

from __future__ import annotations

import csv

import pytest

from policies.reference.divisions import DATA_DIR, Division, DivisionRegistry, Level, provinces, registry, short_forms


@pytest.fixture(scope="module")
def reg() -> DivisionRegistry:
    return registry()


@pytest.mark.parametrize(
    ("code", "name", "level"),
    [
        ("320000", "江苏省", Level.PROVINCE),
        ("450000", "广西壮族自治区", Level.PROVINCE),
        ("110000", "北京市", Level.MUNICIPALITY),
        ("500000", "重庆市", Level.MUNICIPALITY),
        ("660000", "新疆生产建设兵团", Level.XPCC),
        ("330200", "宁波市", Level.SUB_PROVINCIAL_CITY),
        ("440300", "深圳市", Level.SUB_PROVINCIAL_CITY),
        ("320500", "苏州市", Level.PREFECTURE_CITY),
        ("441900", "东莞市", Level.PREFECTURE_CITY),
        ("620200", "嘉峪关市", Level.PREFECTURE_CITY),
        ("433100", "湘西土家族苗族自治州", Level.PREFECTURE_REGION),
        ("152900", "阿拉善盟", Level.PREFECTURE_REGION),
        ("652900", "阿克苏地区", Level.PREFECTURE_REGION),
        ("110105", "朝阳区", Level.MUNICIPAL_DISTRICT),
        ("500157", "两江新区", Level.MUNICIPAL_DISTRICT),
        ("330203", "海曙区", Level.CITY_DISTRICT),
        ("320583", "昆山市", Level.COUNTY_LEVEL_CITY),
        ("500229", "城口县", Level.COUNTY),
        ("150121", "土默特左旗", Level.COUNTY),
        ("520203", "六枝特区", Level.COUNTY),
        ("429004", "仙桃市", Level.PROVINCE_ADMINISTERED),
        ("429021", "神农架林区", Level.PROVINCE_ADMINISTERED),
        ("419001", "济源市", Level.PROVINCE_ADMINISTERED),
        ("469001", "五指山市", Level.PROVINCE_ADMINISTERED),
        ("469021", "定安县", Level.PROVINCE_ADMINISTERED),
        ("659001", "石河子市", Level.XPCC_CITY),
    ],
)
def test_level_of_real_divisions(reg: DivisionRegistry, code: str, name: str, level: Level) -> None:
    div = reg[code]
    assert (div.name, div.level) == (name, level)
    assert reg.level(code) is level


def test_county_of_a_municipality_is_marked(reg: DivisionRegistry) -> None:
    assert reg["500229"].in_municipality and reg["500229"].level is Level.COUNTY
    assert reg["110105"].in_municipality
    assert not reg["320583"].in_municipality
    assert not reg["500000"].in_municipality


def test_the_fifteen_sub_provincial_cities(reg: DivisionRegistry) -> None:
    names = {d.name for d in reg if d.level is Level.SUB_PROVINCIAL_CITY}
    expected = "沈阳 大连 长春 哈尔滨 南京 杭州 宁波 厦门 济南 青岛 武汉 广州 深圳 成都 西安".split()
    assert names == {n + "市" for n in expected}


def test_province_of(reg: DivisionRegistry) -> None:
    assert reg.province_of("320583").code == "320000"
    assert reg.province_of("330200").name == "浙江省"
    assert reg.province_of("500229").code == "500000"
    assert reg.province_of("429004").code == "420000"
    assert reg.province_of("320000").code == "320000"
    # XPCC cities are in Xinjiang by code but handled by the XPCC's own provincial office.
    assert reg.province_of("659001").code == "660000"
    assert reg.parent_of("659001").code == "650000"  # type: ignore[union-attr]


def test_provinces_are_31_plus_the_xpcc() -> None:
    units = provinces()
    assert len(units) == 32
    assert {d.code for d in units} >= {"110000", "320000", "650000", "660000"}
    assert not {"710000", "810000", "820000"} & {d.code for d in units}


def test_parents_and_children(reg: DivisionRegistry) -> None:
    assert reg.parent_of("320583").code == "320500"  # type: ignore[union-attr]
    assert reg.parent_of("320000") is None
    assert reg["441900"].code in {d.code for d in reg.children("440000")}
    assert reg.children("441900") == ()  # no districts
    assert reg.is_within("320583", "320000") and reg.is_within("659001", "660000")
    assert not reg.is_within("320583", "330000")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("江苏省苏州市昆山市", "320583"),
        ("昆山市", "320583"),
        ("江苏昆山", "320583"),
        ("浙江宁波", "330200"),
        ("宁波", "330200"),
        ("北京市朝阳区", "110105"),
        ("北京朝阳", "110105"),
        ("湘西州", "433100"),
        ("湘西土家族苗族自治州", "433100"),
        ("广西", "450000"),
        ("内蒙古", "150000"),
        ("重庆城口", "500229"),
        ("新疆生产建设兵团石河子市", "659001"),
        ("湖北省 仙桃市", "429004"),
        ("中国·江苏省苏州市", "320500"),
        ("昆山市人民政府", "320583"),
        ("吉林", "220000"),  # the province, not 吉林市
        ("吉林省吉林市", "220200"),
        ("福州鼓楼", "350102"),
        ("３３０２００", "330200"),
    ],
)
def test_normalise_name(reg: DivisionRegistry, text: str, code: str) -> None:
    div = reg.normalise_name(text)
    assert div is not None and div.code == code


@pytest.mark.parametrize("text", ["朝阳区", "鼓楼区", "重庆市江北区", "香港", "宁波大学", ""])
def test_normalise_name_refuses_ambiguous_or_unknown(reg: DivisionRegistry, text: str) -> None:
    assert reg.normalise_name(text) is None


def test_ambiguous_name_lists_the_candidates(reg: DivisionRegistry) -> None:
    assert {d.code for d in reg.candidates("朝阳区")} == {"110105", "220104"}
    assert {d.code for d in reg.by_name("朝阳区")} == {"110105", "220104"}


def test_data_date_reflects_chongqing_2025_change(reg: DivisionRegistry) -> None:
    assert reg.data_date == "2025-11"
    assert "500157" in reg and "500105" not in reg and "500112" not in reg
    assert reg.normalise_name("江北区").code == "330205"  # type: ignore[union-attr]  # only Ningbo's is left


def test_short_forms() -> None:
    assert short_forms("新疆维吾尔自治区") == {"新疆"}
    assert short_forms("积石山保安族东乡族撒拉族自治县") == {"积石山"}
    assert short_forms("伊犁哈萨克自治州") == {"伊犁", "伊犁州"}
    assert short_forms("忠县") == set()  # one character is no name


def test_lookup_by_code_variants(reg: DivisionRegistry) -> None:
    assert reg.get("33") == reg["330000"]
    assert reg.get("3302") == reg["330200"]
    assert reg.get("999999") is None
    with pytest.raises(KeyError, match="999999"):
        reg["999999"]


def test_csv_is_consistent() -> None:
    rows = list(csv.DictReader((DATA_DIR / "divisions.csv").open(encoding="utf-8")))
    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows) > 3000
    assert all(r["parent_code"] in codes for r in rows if r["parent_code"])
    assert all(Level(r["level"]) for r in rows)


def test_a_fresh_load_reads_the_data_and_the_process_shares_one_registry() -> None:
    """How fast it loads is bench/eligibility.py's to measure (a timed unit test fails on a busy machine)."""
    fresh = DivisionRegistry.load()
    assert isinstance(fresh["320583"], Division) and fresh["320583"].name == registry()["320583"].name
    assert registry() is registry()
