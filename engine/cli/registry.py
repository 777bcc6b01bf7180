"""Where every ``ipcycle`` command lives, by name, so the CLI can list them without importing them.

A leaf on purpose: this module imports none of its members (nor click), so ``ipcycle --help`` costs
only click and this table. Each entry is ``"module:attribute"`` plus the first paragraph of the
command's docstring (what ``--help`` shows beside the name); tests/cli/test_cli_registry.py keeps the two
in step with the commands themselves.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    """A command not yet imported: where to find it, and the help line to list it with."""

    target: str
    help: str


COMMANDS: dict[str, Entry] = {
    "applications": Entry(
        "engine.cli.round:applications_group",
        "Lists of applications with names: stage and since when, what is missing, the next deadline.",
    ),
    "apply": Entry(
        "engine.cli.core:apply",
        "Apply in a category, acting as the organisation (checked against the category's rules).",
    ),
    "calendar": Entry(
        "engine.cli.notify:calendar_group", "China's working-day calendar: official holiday schedules per year."
    ),
    "case": Entry(
        "engine.cli.cases:case",
        "Case calls: submit and check case texts, minimums, summary tables, published lists.",
    ),
    "cycle": Entry("engine.cli.core:cycle", "Cycles: dated editions of a programme."),
    "demo": Entry(
        "portal.cli:demo",
        "Prepare a demonstration database (the 2025 cycle mid-application) and serve the portal on it.",
    ),
    "db": Entry(
        "engine.cli.database:db_group",
        "The database schema: upgrade it, and see its migration and the migrations there are.",
    ),
    "declaration": Entry(
        "engine.cli.dossier:declaration_group",
        "Qualitative conditions (A3, A5, B3): attested by the applicant, found on by the province.",
    ),
    "eligibility": Entry(
        "engine.cli.eligibility:eligibility_group",
        "Eligibility (申报资格): the rules `apply` runs, asked before anyone applies.",
    ),
    "evaluation": Entry(
        "engine.cli.national:evaluation_group",
        "Evaluation against the indicators (附件3): indicator sets, acceptance standards, scores, rankings.",
    ),
    "fire": Entry("engine.cli.core:fire", "Fire EVENT on an application; refused moves exit 3 and change nothing."),
    "fraud": Entry(
        "engine.cli.dossier:fraud_group", "Fraud: disqualification with its finding and notices of criticism."
    ),
    "history": Entry(
        "engine.cli.core:history",
        "Every move of an application: when, who, role, from, to, event, reason, verdicts.",
    ),
    "init": Entry(
        "engine.cli.core:init", "Create the schema (safe to repeat) and load the bundled programme definitions."
    ),
    "liaison": Entry("engine.cli.notify:liaison_group", "Liaison receipts (联络员回执): one per province per cycle."),
    "list": Entry(
        "engine.cli.national:list_group", "The lists CNIPA publishes: 创建对象名单, 评估验收结果, 示范单位名单."
    ),
    "material": Entry("engine.cli.dossier:material_group", "The materials checklist of an application (A8)."),
    "next": Entry(
        "engine.cli.core:next_", "List the events ROLE may fire now on an application, with their target stage."
    ),
    "objection": Entry(
        "engine.cli.round:objection_group",
        "Objections (异议) to applications under a provincial public notice, as records.",
    ),
    "org": Entry("engine.cli.core:org", "Organisations (申报单位)."),
    "overlay": Entry(
        "engine.cli.overlays:overlay_group",
        "A province's own layer on a national cycle (internal deadline, prefecture step, limits, A7 standard).",
    ),
    "pilots": Entry(
        "engine.cli.roster:pilots_group", "National pilot lists (强市/强县建设试点), prior status for A2 and A4."
    ),
    "programme": Entry("engine.cli.core:programme", "Programme definitions (workflows/*.yaml)."),
    "progress-report": Entry(
        "engine.cli.progress_reports:progress_report_group",
        "Yearly progress reports of creation objects (B6, our reading): filed, reviewed, reminded.",
    ),
    "promotion": Entry(
        "engine.cli.promotion:promotion_group",
        "Promotion (总结推广, 宣传推广): which unit or case was promoted where and when (B8, D7).",
    ),
    "quota": Entry(
        "engine.cli.quotas:quota_group", "Places per province and category; recommending beyond them is refused."
    ),
    "recommendation": Entry(
        "engine.cli.round:recommendation_group",
        "The province's report to CNIPA: one package with its letter (推荐函) and list, or a nil return.",
    ),
    "recognitions": Entry(
        "engine.cli.national:recognitions_group",
        "The register of demonstration units (示范单位): B5 reads it; 摘牌 (B9) and fraud (B10) end a row.",
    ),
    "reminders": Entry("engine.cli.notify:reminders", "Reminder e-mails: what will be sent, and what was."),
    "scheduler": Entry("engine.cli.notify:scheduler", "The scheduler: timed moves, reminder planning and sending."),
    "serve": Entry(
        "portal.cli:serve", "Serve the web portal (pages and /api/v1/) on the database; logs are JSON lines on stderr."
    ),
    "status": Entry("engine.cli.progress:status", "Counts per stage, category and province."),
    "tick": Entry(
        "engine.cli.core:tick", "Perform every timed move due at now (window closings, ends of public notices)."
    ),
    "timers": Entry(
        "engine.cli.core:timers_group",
        "Timed moves (window closings, ends of public notices): list them, retry a failed one.",
    ),
    "token": Entry(
        "engine.cli.accounts:token_group", "API tokens for /api/v1/ (bearer), shown once and stored hashed."
    ),
    "user": Entry(
        "engine.cli.accounts:user_group", "Portal accounts: one role each (national, province:CODE, applicant:ORG_ID)."
    ),
    "walkthrough": Entry(
        "engine.cli.walkthrough:walkthrough",
        "Run the 2023 city/county evaluation to its lists, then one 2025–2027 demonstration-creation cycle end to "
        "end on a fresh SQLite file.",
    ),
}

# Subcommands defined in another module than their group (the group's own are registered on it).
SUBCOMMANDS: dict[str, dict[str, Entry]] = {
    "cycle": {
        "amend": Entry(
            "engine.cli.dates:cycle_amend",
            "Move a milestone's date for the cycle or extend it for one province (audited; everyone concerned is "
            "told).",
        ),
        "calendar": Entry(
            "engine.cli.notify:cycle_calendar", "Export the cycle's milestones as an iCalendar file (all-day events)."
        ),
    },
    "fraud": {
        "cancel-recognition": Entry(
            "engine.cli.national:fraud_cancel_recognition",
            "Cancel a demonstration unit's recognition for fraud (B10), whatever its origin.",
        ),
    },
    "org": {
        "import": Entry(
            "engine.cli.roster:org_import",
            "Import organisations from a roster (CSV or XLSX); any bad row imports nothing.",
        ),
        "template": Entry(
            "engine.cli.roster:org_template",
            "Write a roster to fill in (.csv, or .xlsx with drop-down lists), with --province prefilled.",
        ),
    },
}
