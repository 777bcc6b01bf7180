"""The README's main job: the walkthrough runs a whole cycle and leaves its mail in the sink."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

from engine.definition.model import Role
from engine.services.shared.vocabulary import OutboxStatus, RecognitionStatus
from tests.support.words import known_codes, problems


def test_walkthrough_runs_a_cycle_and_delivers_mail_to_the_sink(tmp_path: Path) -> None:
    # a temporary directory of its own: another walkthrough on the machine (a second suite) leaves its scratch elsewhere
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPCYCLE_")}
    proc = subprocess.run(
        [sys.executable, "-m", "engine.cli", "walkthrough"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "TMPDIR": str(scratch)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert not list(scratch.glob("ipcycle-walkthrough-*"))  # its files went too
    assert "status of cycle 2: recognised 3, not_selected 1, lapsed 1, expired 1, disqualified 1" in proc.stdout
    # the 2023 programme to its end (issue 22): both its lists published, the approved pilot on the pilot list
    assert "2023: published 国家知识产权强市建设示范城市、强县建设示范县名单: 1 unit(s)" in proc.stdout
    assert "2023: published 国家知识产权强市建设试点城市、强县建设试点县名单: 1 unit(s)" in proc.stdout
    assert "2023: the approved pilot 太仓市 is on the national county pilot list since 2023" in proc.stdout
    # a list that tells the truth: the unit cancelled for fraud comes off both published lists in a 更正
    assert "published 知识产权强国建设示范单位名单: 4 units" in proc.stdout
    for title, left in (("示范单位名单", 3), ("示范创建对象名单", 4)):
        said = f"知识产权强国建设{title} corrected (更正), version 2: {left} units; removed 宁波市人民政府"
        assert said in proc.stdout
    assert "timed move expire: 1" in proc.stdout and "timed move end_notice: 5" in proc.stdout
    # the provincial notice lasts (B4): report is refused until it ends by itself, then one package per province
    assert "provincial public notice (公示) of 5 working days, to 2025-10-17" in proc.stdout
    assert "report refused as expected: [B4]" in proc.stdout
    assert "[2025-10-18] timed move end_notice: 6" in proc.stdout
    assert "江苏省 reported one package with one letter: 2 application(s)" in proc.stdout
    assert "北京市 made a nil return" in proc.stdout and "28 silent" in proc.stdout
    assert len(list((tmp_path / "walkthrough-lists").glob("*.xlsx"))) == 3
    assert "register of demonstration units: 5 valid" in proc.stdout  # 4 of 2025 and 2023's 示范县
    listed = subprocess.run(
        [sys.executable, "-m", "engine.cli", "recognitions", "list", "--db", "walkthrough.db", "--json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    units = json.loads(listed.stdout)
    assert [(u["category"], u["status"], u["origin"]) for u in units] == [
        ("demo-county", "valid", "cycle"),
        ("city", "cancelled", "cycle"),
        ("county", "valid", "cycle"),
        ("park", "valid", "cycle"),
        ("service-cluster", "valid", "cycle"),
    ]
    names = {u["organisation"] for u in units}
    assert names == {
        "张家港市人民政府", "宁波市人民政府", "昆山市人民政府", "苏州工业园区管理委员会", "杭州市滨江区人民政府"
    }  # fmt: skip
    mails = sorted((tmp_path / "walkthrough-mail").glob("*.eml"))
    assert len(mails) > 30
    subjects = [str(make_header(decode_header(email.message_from_bytes(m.read_bytes())["Subject"]))) for m in mails]
    assert any("联络员" in s for s in subjects)
    # the three provinces that never filed were told they are overdue; the others were not reminded again
    overdue = [s for s in subjects if "逾期" in s]
    assert overdue
    # no mail tells a person to run a command or names a flag, an internal id, an English code or "timed:"
    # (the page crawl's check, tests/support/words.py): each links the portal's page instead
    codes = known_codes([Role, OutboxStatus, RecognitionStatus], extra=["public-form", "no-address", "nil-return"])
    for path in mails:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for part in ("plain", "html"):
            body = message.get_body((part,))
            text = body.get_content() if body is not None else ""
            if part == "html" and text:
                import lxml.html

                text = lxml.html.fromstring(text).text_content()  # what the reader sees, not the markup
            assert not problems(text, codes), (path.name, part, problems(text, codes))
        assert "http://127.0.0.1:8000/" in message.get_body(("plain",)).get_content(), path.name  # type: ignore[union-attr]
    again = subprocess.run(
        [sys.executable, "-m", "engine.cli", "walkthrough"], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert again.returncode == 0 and len(list((tmp_path / "walkthrough-mail").glob("*.eml"))) == len(mails)
