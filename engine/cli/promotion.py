"""``ipcycle promotion``: the record of promotion of demonstration units (B8) and selected cases (D7)."""

from __future__ import annotations

import click

from engine.cli.common import ID, emit, json_option, parse_actor, with_workspace
from engine.services.national import promotion as promo
from engine.store.workspace import Workspace


@click.group("promotion")
def promotion_group() -> None:
    """Promotion (总结推广, 宣传推广): which unit or case was promoted where and when (B8, D7)."""


@promotion_group.command("record")
@click.option("--kind", required=True, type=click.Choice([k.value for k in promo.PromotionKind]),
              help="exchange 经验交流, publicity-week 宣传周, release 发布会, wipo 向WIPO推送")  # fmt: skip
@click.option("--title", required=True, help="the occasion's name, e.g. 2026年全国知识产权宣传周")
@click.option("--on", "held_on", required=True, help="the date it took place (YYYY-MM-DD)")
@click.option("--recognition", "recognitions", type=ID, multiple=True, help="a register row (示范单位), repeatable")
@click.option("--case", "cases", type=ID, multiple=True, help="a selected case's application, repeatable")
@click.option("--note", help="anything worth keeping with it")
@click.option("--as", "role", default="national", show_default=True, metavar="ROLE")
@with_workspace
@json_option
def promotion_record(
    ws: Workspace,
    kind: str,
    title: str,
    held_on: str,
    recognitions: tuple[int, ...],
    cases: tuple[int, ...],
    note: str | None,
    role: str,
    as_json: bool,
) -> None:
    """Record one occasion of promotion for the units and cases it covered."""
    done = promo.record_promotion(ws, parse_actor(role), kind, title, promo.parse_held_on(held_on),
                                  list(recognitions), list(cases), note)  # fmt: skip
    emit(done, as_json, lambda d: f"{d.held_on} {d.title}: " + "; ".join(e.subject_zh for e in d.entries))


@promotion_group.command("list")
@click.option("--recognition", type=ID, help="one unit's record")
@click.option("--case", "application", type=ID, help="one case's record")
@with_workspace
@json_option
def promotion_list(ws: Workspace, recognition: int | None, application: int | None, as_json: bool) -> None:
    """The record, newest first."""
    rows = promo.promotions(ws, recognition, application)
    emit(rows, as_json, lambda d: "\n".join(f"{e.held_on} {e.kind_zh} {e.title}: {e.subject_zh}" for e in d))
