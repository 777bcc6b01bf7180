"""Every domain error a page, a form or the API can show is written in Chinese: each ``raise`` of a user-facing
error (BadInput, ConcurrentChange, Forbidden, a USCC's problem) in the services, the file readers and the portal,
and each problem an import adds row by row, has a message with Chinese in it and no English word.

Read from the source (every raise site, not only those a test happens to reach). A ``name:`` head is the field's
key (engine/kernel/errors.py reads it off), not words to read. The few services only the command line calls (they
write to a path the user typed) are left out below, each with why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.paths import REPO

USER_FACING = {"BadInput", "ConcurrentChange", "Forbidden", "IpcycleError", "USCCError", "NotFound"}
WHERE = [
    "engine/services", "engine/files/tabular.py", "engine/kernel/limits.py", "policies/reference/uscc.py", "portal",
]  # fmt: skip
NOT_SHOWN = {"portal/cli.py", "portal/demo.py"}  # the serve command's own options; the demonstration's builder
CJK = re.compile(r"[\u3400-\u9fff]")
# Words a Chinese message may carry as they are: file formats, standards, units, a date's pattern.
KEPT = re.compile(
    r"(?<![A-Za-z])(?:USCC|GB|PDF|docx|xlsx|csv|CSV|Word|Excel|UTF|YAML|MB|KB|JPEG|PNG|ZIP|XML|city|county|total)(?![A-Za-z])"
)
ENGLISH = re.compile(r"[A-Za-z]{3,}")
HEAD = re.compile(r"^(?:--)?[a-z][a-z0-9_.-]*: ")
# (file, function): why its English stays — each is reached from the command line alone
COMMAND_LINE_ONLY: dict[tuple[str, str], str] = {
    ("engine/services/cases/publish.py", "_check_out"): "the --format/--out of `cases publish`",
    ("engine/services/cases/publish.py", "publish_cases"): "writing the list to the --out path",
    ("engine/services/cases/publish.py", "_check_list_edition"): "`cases import-published`, a file on disk",
    ("engine/services/cases/publish.py", "import_published"): "`cases import-published`, a file on disk",
    ("engine/services/cases/publish.py", "check_published"): "`cases check-published`",
    ("engine/services/cases/export.py", "_rows"): "`cases export` to a path",
    ("engine/services/cases/export.py", "_table_for"): "`cases export --table`",
    ("engine/services/cases/export.py", "export_cases"): "`cases export` to a path",
    ("engine/services/cases/submission.py", "case_call"): "a definition without cases: a programme author's mistake",
    ("engine/services/cases/submission.py", "category_for"): "a definition with neither phases nor one category",
    ("engine/services/cases/submission.py", "submit_transition"): "a definition without the submit transition",
    ("engine/services/cases/submission.py", "submitter_of"): "the office's setup: its organisation is not loaded",
    ("engine/services/cases/submission.py", "province_code_for"): "reference data: the roster lacks a division",
    ("engine/services/national/fraud.py", "_disqualify"): "a definition without the fraud guard",
    ("engine/services/national/namelists.py", "_check_out"): "the --format/--out of `lists publish`",
    ("engine/services/national/namelists.py", "_render"): "writing the list to the --out path",
    ("engine/services/programmes/cycles.py", "read_dates_file"): "`cycle open --dates FILE`",
    ("engine/services/programmes/programme_definitions.py", "latest_version"): "`programme` commands by id",
    ("engine/services/programmes/programme_definitions.py", "diagram"): "`programme diagram --format`",
    ("engine/services/province/overlays.py", "parse_prefecture"): "`--as prefecture:CODE`",
    ("engine/services/province/report_packages.py", "_round"): "a definition without a provincial round",
    ("engine/services/province/report_packages.py", "report"): "`report --out DIR`",
    ("engine/services/reference/calendar_years.py", "load_calendar_file"): "`calendar load FILE`",
    ("engine/services/reference/roster.py", "write_template"): "`roster template PATH`",
    ("portal/security.py", "trusted_proxies"): "the server's environment, read at start",
}


def _literal(node: ast.expr) -> list[str]:
    """The literal text of a message expression: strings, an f-string's own text (not what it puts in), joins."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    if isinstance(node, ast.Call) and node.args:  # "\n".join(problems), "、".join(...)
        return [t for t in _literal(node.args[0]) if t.strip()]
    return []


def _message(call: ast.Call, name: str) -> ast.expr | None:
    """The argument a reader is shown: the message; a USCC's Chinese reason; an import problem's text."""
    if name == "USCCError":
        return call.args[1]
    if name in ("add", "append"):  # problems.add(row, column, text), problems.append((field, text) or text)
        last = call.args[-1] if call.args else None
        return last.elts[-1] if isinstance(last, ast.Tuple) else last
    return call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "message"), None)


def _sites(path: Path, rel: str) -> list[tuple[str, int, str, list[str]]]:
    out = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            call = node.exc if isinstance(node, ast.Raise) else node if isinstance(node, ast.Call) else None
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
            on_problems = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "problems"
            if (isinstance(node, ast.Raise) and name in USER_FACING) or (on_problems and name in ("add", "append")):
                if (message := _message(call, name)) is not None and (parts := _literal(message)):
                    out.append((rel, call.lineno, fn.name, parts))
    return out


def message_sites() -> list[tuple[str, int, str, list[str]]]:
    """(file, line, enclosing function, literal text) of each user-facing error raised or import problem added."""
    files: list[Path] = []
    for where in WHERE:
        path = REPO / where
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    sites = []
    for path in files:
        rel = str(path.relative_to(REPO))
        if rel not in NOT_SHOWN:
            sites += _sites(path, rel)
    return sites


def problem(parts: list[str]) -> str | None:
    """What is wrong with a message's literal text for a Chinese reader, if anything."""
    text = HEAD.sub("", "".join(parts))
    if not CJK.search(text):
        return "has no Chinese"
    if english := ENGLISH.findall(KEPT.sub("", text)):
        return f"has English words: {', '.join(english[:4])}"
    return None


def test_every_user_facing_error_is_written_in_chinese() -> None:
    sites = message_sites()
    assert len(sites) > 200  # the walk did find the services' raises and problems
    bad = [
        f"{file}:{line} ({fn}): {why}: {''.join(parts)[:70]!r}"
        for file, line, fn, parts in sites
        if (file, fn) not in COMMAND_LINE_ONLY and (why := problem(parts))
    ]
    assert not bad, f"{len(bad)} messages:\n" + "\n".join(bad)


def test_the_command_line_only_list_names_only_functions_that_still_raise_in_english() -> None:
    """An entry whose messages became Chinese (or whose function went) leaves the list, so it cannot grow stale."""
    english = {(file, fn) for file, _line, fn, parts in message_sites() if problem(parts)}
    assert not set(COMMAND_LINE_ONLY) - english, sorted(set(COMMAND_LINE_ONLY) - english)


def test_a_message_with_its_field_at_the_head_shows_the_field_as_a_key_and_the_words_alone() -> None:
    from engine.kernel.errors import BadInput

    exc = BadInput("reason: 请说明调整名额的理由")
    assert exc.field == "reason" and exc.errors[0].message == "请说明调整名额的理由"
    assert problem(["reason: 请说明调整名额的理由"]) is None
    assert problem(["a quota is a whole number"]) == "has no Chinese"
    assert problem(["名额须为整数（a whole number）"]) == "has English words: whole, number"
