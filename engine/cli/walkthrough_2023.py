"""The walkthrough's first part: the 2023 city/county evaluation (notice 003) to its end, before the 2025 cycle.

A demonstration county through CNIPA's review and notice, a pilot county through its province's notice and
CNIPA's 核准; both lists published; the approved pilot joins the national pilot list later rounds read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import dossier, stage_moves
from engine.services.applications.timers import tick
from engine.services.national import quotas
from engine.services.programmes import cycles
from engine.services.province import overlays, report_packages
from engine.services.publicity import published_copies
from engine.services.reference import organisations, pilots
from engine.store.workspace import Workspace

NATIONAL = Actor(Role.NATIONAL)
JIANGSU = Actor(Role.PROVINCE, "320000")
DATES = {
    "application-opens": date(2023, 7, 3),
    "liaison-receipt": date(2023, 7, 14),
    "recommendation": date(2023, 8, 31),
}
PILOTS = "division_code,kind,year\n320582,county,2021\n"  # a stand-in for attachment 2 (not in the seed)
QUOTAS = "province_code,category,quota\n320000,demo-county,1\n320000,pilot-county,1\n"
STANDARD = (  # the province's own standard for pilots (A7)
    "title: 江苏省强县建设试点申报资格标准（演示）\neligibility:\n  pilot-county:\n"
    "    - {id: 苏试-1, guard: attribute-at-least, params: {attribute: invention_patents_per_10k, minimum: 10}}\n"
)


def run_2023(
    ws: Workspace, clock: FixedClock, scratch: Callable[[str, bytes], Path], say: Callable[[str], None]
) -> None:
    """Open the 2023 edition with its dates, run one demonstration county and one pilot to their lists."""
    clock.set(datetime(2023, 7, 3, 9))
    cycle = cycles.open_cycle(ws, "city-county-pilot-demo", 2023, DATES).id
    pilots.import_pilots(ws, scratch("pilots.csv", PILOTS.encode()), NATIONAL)
    quotas.import_quotas(ws, cycle, scratch("quota.csv", QUOTAS.encode()), NATIONAL, "附件3、附件4（演示）")
    overlays.load_overlay(ws, cycle, scratch("js.yaml", STANDARD.encode()), JIANGSU)
    say(f"2023: opened cycle {cycle} (notice 003, its dates given at opening); pilot list and quotas imported")

    county = organisations.add_organisation(ws, "张家港市人民政府", "government", "320582")
    me = Actor(Role.APPLICANT, str(county.id))
    demo = stage_moves.apply(ws, cycle, "demo-county", county.id, me, track="gi").id  # A5: the GI track, chosen
    dossier.attest(ws, demo, [1, 2, 3, 4], me)
    for m in dossier.show_materials(ws, demo).materials:
        dossier.add_material(ws, demo, m.id, scratch(f"{m.id}.pdf", b"%PDF-1.4\n% walkthrough\n%%EOF\n"), me)
    stage_moves.fire(ws, demo, "submit", me)
    for n in (1, 2, 3, 4):
        dossier.record_finding(ws, demo, n, True, "经审核符合", JIANGSU)
    stage_moves.fire(ws, demo, "recommend", JIANGSU, reason="择优推荐")

    taicang = organisations.add_organisation(
        ws, "太仓市人民政府", "government", "320585", attributes={"invention_patents_per_10k": "40"}
    )
    tme = Actor(Role.APPLICANT, str(taicang.id))
    pilot = stage_moves.apply(ws, cycle, "pilot-county", taicang.id, tme).id
    stage_moves.fire(ws, pilot, "submit", tme)
    stage_moves.fire(ws, pilot, "recommend", JIANGSU, reason="经省级评审")
    clock.set(datetime(2023, 7, 20, 10))
    tick(ws)
    letter = scratch("推荐函.pdf", b"%PDF-1.4\n% walkthrough: provincial recommendation letter\n%%EOF\n")
    filed = report_packages.report(ws, cycle, JIANGSU, letter=letter)
    say(f"2023: 江苏省 reported one package: a demonstration county and a pilot, kept apart in its 推荐名单 "
        f"({len(filed.applications)} applications)")  # fmt: skip

    clock.set(datetime(2023, 9, 18, 10))
    stage_moves.fire(ws, demo, "select", NATIONAL, reason="专家评审通过")
    stage_moves.fire(ws, pilot, "approve", NATIONAL, reason="核准")
    clock.set(clock.now() + timedelta(days=10))
    tick(ws)  # CNIPA's notice of the review result ends: 张家港 is designated
    for kind in ("demonstration-cities-counties", "approved-pilots"):
        copy = published_copies.publish_list_copy(ws, cycle, kind, NATIONAL)
        say(f"2023: published {copy.title}: {copy.units} unit(s) (on the public page /lists)")
    (row,) = [r for r in pilots.list_pilots(ws) if r.division_code == "320585"]
    say(f"2023: the approved pilot {row.name} is on the national {row.kind} pilot list since {row.year}, "
        "which the next round's A4 reads")  # fmt: skip
