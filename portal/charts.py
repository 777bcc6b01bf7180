"""Pictures drawn on the server as SVG (no script, no CDN): the board's heat map and the cycle's timeline with
today marked (an application's stages are a USWDS step indicator in its page, not a picture).

Every text is escaped; every picture has a title and a description for screen readers, and the heat
map's cells are links reachable by keyboard, each naming its province, stage and count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import quote_plus, urlencode

from markupsafe import Markup, escape

from engine.services.national.board import CycleBoard, Milestone

INK, PALE, EMPTY, TODAY = "#0b3d6e", "#dce6f2", "#f4f6f9", "#c0392b"


def _shade(n: int, top: int) -> str:
    """From pale to the house blue by the cell's share of the largest count (white for none)."""
    if n <= 0 or top <= 0:
        return EMPTY
    share = 0.15 + 0.85 * n / top
    lo, hi = (220, 230, 242), (11, 61, 110)
    r, g, b = (round(a + (z - a) * share) for a, z in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_map(board: CycleBoard, list_url: str = "/province/applications") -> Markup:
    """Provinces (rows, those with applications) × stages (columns with any count); a count links to its list."""
    stages = [st for st in board.stages if board.by_stage.get(st.id)]
    rows = [p for p in board.provinces if p.total]
    cell_w, cell_h, left, top_h = 56, 24, 150, 110
    width, height = left + cell_w * max(len(stages), 1) + 10, top_h + cell_h * max(len(rows), 1) + 10
    top = max((n for p in rows for n in p.counts.values()), default=0)
    out = [
        f'<svg class="heat-map" role="group" aria-labelledby="hm-title hm-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="hm-title">各省份各阶段申报件数</title>',
        f'<desc id="hm-desc">{len(rows)} 个省份，{len(stages)} 个阶段，共 {board.total} 件；'
        "点击件数查看该省该阶段的申报列表。</desc>",
    ]
    for j, st in enumerate(stages):
        x = left + j * cell_w + cell_w // 2
        out.append(
            f'<text x="{x}" y="{top_h - 6}" transform="rotate(-50 {x} {top_h - 6})" font-size="11" '
            f'fill="{INK}">{escape(st.title)}</text>'
        )
    # the cells' links, as urlencode would write them, quoted once per column instead of once per cell
    by_province = urlencode({"cycle": board.cycle, "province": ""})
    stage_ids = [quote_plus(st.id) for st in stages]
    for i, prov in enumerate(rows):
        y = top_h + i * cell_h
        out.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end" font-size="12">{escape(prov.name)}</text>')
        for j, st in enumerate(stages):
            n = prov.counts.get(st.id, 0)
            x = left + j * cell_w
            fill = _shade(n, top)
            colour = "#ffffff" if n and n / max(top, 1) > 0.5 else "#1d2330"
            rect = f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}"/>'
            label = (
                f'<text x="{x + cell_w // 2}" y="{y + 16}" text-anchor="middle" font-size="12" '
                f'fill="{colour}">{n}</text>'
            )
            if n:
                query = f"{by_province}{quote_plus(prov.province)}&stage={stage_ids[j]}"
                name = escape(f"{prov.name} {st.title} {n} 件")
                out.append(
                    f'<a href="{list_url}?{query}" class="cell" data-province="{prov.province}" data-stage="{st.id}" '
                    f'aria-label="{name}">{rect}{label}</a>'
                )
            else:
                out.append(rect)
    out.append("</svg>")
    return Markup("".join(out))


def timeline(milestones: Sequence[Milestone], today: date) -> Markup:
    """The cycle's milestones on one line, today marked in red; past milestones grey."""
    if not milestones:
        return Markup("")
    first = min(min(m.due for m in milestones), today)
    last = max(max(m.due for m in milestones), today)
    span = max((last - first).days, 1)
    width, left, right = 960, 20, 20
    usable = width - left - right
    pos = lambda d: left + usable * (d - first).days / span  # noqa: E731
    height = 80 + 18 * len(milestones)
    out = [
        f'<svg class="timeline" role="img" aria-labelledby="tl-title tl-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="tl-title">本周期时间节点</title>',
        f'<desc id="tl-desc">今天 {today:%Y-%m-%d}；'
        + escape("；".join(f"{m.title} {m.due:%Y-%m-%d}" for m in milestones))
        + "</desc>",
        f'<line x1="{left}" y1="40" x2="{width - right}" y2="40" stroke="{INK}" stroke-width="2"/>',
    ]
    for i, m in enumerate(milestones):
        x = pos(m.due)
        past = m.due < today
        colour = "#8a94a6" if past else INK
        y = 70 + 18 * i
        out.append(f'<circle cx="{x:.1f}" cy="40" r="5" fill="{colour}" class="milestone{" past" if past else ""}"/>')
        out.append(f'<line x1="{x:.1f}" y1="45" x2="{x:.1f}" y2="{y - 10}" stroke="{colour}" stroke-dasharray="2 2"/>')
        anchor = "end" if x > width / 2 else "start"
        out.append(
            f'<text x="{x:.1f}" y="{y}" font-size="12" text-anchor="{anchor}" fill="{colour}">'
            f"{m.due:%Y-%m-%d} {escape(m.title)}</text>"
        )
    x = pos(today)
    out.append(
        f'<line class="today" x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 4}" stroke="{TODAY}" stroke-width="2"/>'
    )
    out.append(f'<text x="{x + 4:.1f}" y="14" font-size="12" fill="{TODAY}">今天 {today:%m-%d}</text>')
    out.append("</svg>")
    return Markup("".join(out))
