"""Mail headers as Outlook and WPS mail show them: who writes (a named office), to whom (the party's name), where a
reply goes (the programme's mailbox, B13), and that no out-of-office answer should come back (RFC 3834)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.reference import organisations
from notifications.delivery.mime import sender_with_name
from notifications.outbox import dispatch
from notifications.planning.audiences import STILL_OWED
from notifications.planning.stage_notices import plan_stage_notices
from notifications.scheduler import transport_from_env
from tests.support.lifecycle import prepare
from tests.support.reminders_support import RecordingSender, creation_workspace, open_creation_2025, with_offices

MAILBOX = "zLzL@cnipa.gov.cn"  # 004's one mailbox for the four contact groups


def test_a_stage_change_mail_names_both_parties_and_takes_replies_to_the_programme_s_mailbox(tmp_path: Path) -> None:
    sender = RecordingSender()
    mail_from = sender_with_name("reminders@cnipa.example.cn")
    with creation_workspace(tmp_path, datetime(2025, 9, 15, 10, 0)) as (ws, _):
        with_offices(ws)
        cycle = open_creation_2025(ws)
        org = organisations.add_organisation(ws, "昆山市人民政府", "government", "320583", email="ks@example.cn").id
        app = stage_moves.apply(ws, cycle, "county", org, Actor(Role.APPLICANT, str(org))).id
        prepare(ws, app, org)
        stage_moves.fire(ws, app, "submit", Actor(Role.APPLICANT, str(org)))
        plan_stage_notices(ws)
        dispatch.send_due(ws, sender, mail_from, STILL_OWED)
    (mail,) = [m for m in sender.sent if m["X-Ipcycle-Kind"] == "stage-change"]
    (writer,) = mail["From"].addresses
    # a long name is two encoded-words; mail clients join them (RFC 2047 §6.2), Python's parser leaves a space
    name = writer.display_name.replace(" ", "")
    assert (name, writer.addr_spec) == ("国家知识产权局知识产权运用促进司", "reminders@cnipa.example.cn")
    (to,) = mail["To"].addresses
    assert to.display_name.startswith("江苏省知识产权局") and "province:" not in to.display_name
    assert mail["Auto-Submitted"] == "auto-generated"
    assert [a.addr_spec for a in mail["Reply-To"].addresses] == [MAILBOX]
    shown = " ".join(str(mail[h]) for h in ("From", "To", "Reply-To", "Subject"))
    assert "ipcycle" not in shown.replace("ipcycle@", "") and "province:" not in shown and "cycle 1" not in shown


def test_the_sender_is_named_whether_configured_or_not(tmp_path: Path) -> None:
    named = transport_from_env(tmp_path / "sink", {"IPCYCLE_MAIL_FROM": "noreply@cnipa.gov.cn"}).mail_from
    assert named == '"国家知识产权局知识产权运用促进司" <noreply@cnipa.gov.cn>'
    own = transport_from_env(tmp_path / "sink", {"IPCYCLE_MAIL_FROM": "江苏省知识产权局 <js@example.cn>"}).mail_from
    assert own == "江苏省知识产权局 <js@example.cn>"  # a name given is kept
    default = transport_from_env(tmp_path / "sink", {}).mail_from
    assert default.startswith("国家知识产权局知识产权运用促进司 <") and "ipcycle <" not in default


def test_the_mail_folder_s_reply_shown_on_the_mail_log_names_the_file_not_the_server_s_folders(tmp_path: Path) -> None:
    from email.message import EmailMessage

    from notifications.delivery.sink import FolderSink

    mail = EmailMessage()
    mail["To"], mail["Subject"] = "js@example.cn", "通知"
    mail.set_content("正文")
    (saved,) = FolderSink(tmp_path / "private" / "sink").send([mail])
    assert saved.ok and saved.reply.startswith("250 saved as ") and saved.reply.endswith(".eml")
    assert str(tmp_path) not in saved.reply
    (blocked,) = FolderSink(tmp_path / "private" / "sink" / saved.reply.split()[-1] / "x").send([mail])  # a file
    assert not blocked.ok and str(tmp_path) not in blocked.reply
