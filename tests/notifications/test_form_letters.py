"""Form letters (one render per shape of reminder, names and items filled in) write exactly the mails a
full render writes, for every reminder kind, whatever the names and items hold."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from notifications.render import FormLetters, programme_context, render

PROGRAMME = SimpleNamespace(title="知识产权强国建设示范创建", document="国知办发〔2025〕1号", issuer="国家知识产权局",
                            mailbox="zLzL@cnipa.gov.cn")  # fmt: skip
BASE: dict[str, Any] = {
    **programme_context(PROGRAMME),
    "milestone_title": "推荐报送",
    "due": date(2025, 10, 24),
    "offset": 7,
    "remaining": 7,
    "today": date(2025, 10, 15),
    "calendar_note": "",
}
CONTACTS = [SimpleNamespace(title="综合联络", person="张三", phone="010-62083114")]
NAMES = ["北京市知识产权局", "<b>甲&乙</b>\"'", "名\n字", "  左右有空格  ", "A\u2028B\x00C", "含\ue0001\ue001标记",
         "", "\n"]  # fmt: skip
ITEMS = ["城市（申报编号1）：草稿，尚未提交；尚缺材料：申报书", "<script>x</script>", "一\r\n二", "", "  "]
PER_RECIPIENT = ("draft-applications", "unreported-applications", "recommendation-report", "liaison-receipt",
                 "case-minimum")  # fmt: skip


def recipient(kind: str, i: int, items: int) -> dict[str, Any]:
    listed = [ITEMS[(i + j) % len(ITEMS)] for j in range(items)]
    return {"recipient_name": NAMES[i % len(NAMES)], "missing": listed, "total": max(items, 1) + i % 2,
            "contacts": CONTACTS if i % 3 else [], "cycle_id": 1, "province_code": "320000"}  # fmt: skip


@pytest.mark.parametrize("kind", PER_RECIPIENT)
def test_every_mail_comes_out_as_a_full_render_would_write_it(kind: str) -> None:
    letters = FormLetters(kind, BASE)
    for i in range(120):
        context = recipient(kind, i, i % 4)
        assert letters.render(context) == render(kind, {**BASE, **context}), (kind, context)


def test_a_large_occasion_renders_once_per_shape_not_once_per_mail() -> None:
    letters = FormLetters("draft-applications", BASE)
    for i in range(1000):
        context = {"recipient_name": f"申报单位{i:06d}", "missing": [f"城市（申报编号{i}）：草稿，尚未提交"],
                   "total": 1, "contacts": CONTACTS, "cycle_id": 1, "province_code": "320000"}  # fmt: skip
        subject, text, html = letters.render(context)
        assert f"申报单位{i:06d}：" in text and f"<p>申报单位{i:06d}：</p>" in html
    assert letters.renders <= 3  # one shape: the first mail in full, the form, and nothing more


def test_national_reports_without_listed_items_come_out_the_same() -> None:
    owing = [{"name": "西藏<自治区>知识产权局", "address": None, "summary": "未报送推荐名单"}]
    extra = {"owing": owing, "total": 1, "more": 0, "audience_title": "未报送推荐名单的省份", "contacts": [],
             "roll": [{"state": "not-yet", "line": "西藏：未报送"}]}  # fmt: skip
    for kind in ("digest", "missing-address"):
        letters = FormLetters(kind, BASE)
        for name in ("国家知识产权局", "国家知识产权局 & 办公室", ""):
            context = {"recipient_name": name, **extra}
            assert letters.render(context) == render(kind, {**BASE, **context})


def test_a_base_context_holding_the_slot_marks_still_renders_right() -> None:
    base = {**BASE, **programme_context(SimpleNamespace(**{**vars(PROGRAMME), "title": "示范\ue0000\ue001创建"}))}
    letters = FormLetters("draft-applications", base)
    for i in range(3):
        context = recipient("draft-applications", i, 1)
        assert letters.render(context) == render("draft-applications", {**base, **context})
