"""A form's errors as a page shows them: each beside its field and all in a summary at the top of the page.

A domain error names its field by a domain key (``mobile``, ``score.I1``); a form names its inputs as HTML
does (``mobile``, ``score_I1``). ``form_errors`` maps one to the other, so no route rewrites a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.kernel.errors import FieldError, IpcycleError, Refused


def input_name(key: str) -> str:
    """The form input a domain field key arrives in: ``score.I1`` is ``score_I1``."""
    return key.replace(".", "_")


@dataclass
class FormErrors:
    """The bad fields of one form, in the order found: (input name or None, message)."""

    items: list[tuple[str | None, str]] = field(default_factory=list)
    prefix: str = ""  # of the inputs' ids, where one page has two forms with the same input names

    def __bool__(self) -> bool:
        return bool(self.items)

    def get(self, name: str) -> str | None:
        """The message for the input ``name``, if it has one (several joined)."""
        found = [m for n, m in self.items if n == name]
        return "；".join(found) if found else None

    def add(self, name: str | None, message: str) -> None:
        self.items.append((name, message))


def form_errors(exc: IpcycleError, inputs: Mapping[str, str] | None = None, prefix: str = "") -> FormErrors:
    """The error's fields as the form's inputs (``inputs`` maps a domain key to an input where they differ);
    an error without a field, or a refusal, goes in the summary only."""
    out = FormErrors(prefix=prefix)
    errors: list[FieldError] = exc.errors or [FieldError(None, exc.code, message_of(exc))]
    for e in errors:
        name = None if e.field is None else (inputs or {}).get(e.field, input_name(e.field))
        out.add(name, e.message)
    return out


def form_errors_of(exc: IpcycleError, inputs: Iterable[str]) -> FormErrors:
    """Like ``form_errors``, for a service that names the field at the head of its message (``places: …``): the
    message goes beside that input when the form has it, else in the summary."""
    if exc.errors:
        return form_errors(exc)
    text = message_of(exc)
    head, sep, rest = text.partition(": ")
    name = head.strip().lstrip("-")
    out = FormErrors()
    if sep and name in set(inputs):
        out.add(name, rest)
    else:
        out.add(None, text)
    return out


def message_of(exc: IpcycleError) -> str:
    """What a page or the API says for an error: a refusal's rules in the notice's words, else the message."""
    return exc.message_zh if isinstance(exc, Refused) else str(exc)


def json_pointer(key: str) -> str:
    """A domain field key as a JSON pointer into the request body: ``score.I1`` is ``/score/I1`` (RFC 6901)."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in key.split("."))


def api_errors(errors: list[FieldError]) -> list[dict[str, str | None]]:
    """The ``errors`` of the API's error body: each bad field as a JSON pointer, its code and message."""
    return [{"field": json_pointer(e.field) if e.field else None, "code": e.code, "message": e.message} for e in errors]


VALIDATION_ZH = {
    "missing": "此项必须填写",
    "int_parsing": "须为整数",
    "float_parsing": "须为数字",
    "string_too_long": "超过长度上限",
    "string_too_short": "此项必须填写",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不对",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "须为 JSON 对象",
}


def validation_errors(raw: list[dict[str, object]], with_choices: bool = True) -> list[FieldError]:
    """FastAPI's request validation errors as field errors: the parameter's key, pydantic's type, a Chinese message
    (for a value not among the choices, the choices, so an API client can correct it without reading the schema;
    a page, whose choices are its own labelled options, says none: they are codes)."""
    out = []
    for e in raw:
        loc = [str(p) for p in e.get("loc", ()) or ()]  # type: ignore[attr-defined]
        key = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
        kind = str(e.get("type") or "invalid")
        message = VALIDATION_ZH.get(kind, "输入有误")
        closed = with_choices and kind in ("enum", "literal_error")
        expected = (e.get("ctx") or {}).get("expected") if closed else None  # type: ignore[attr-defined]
        if expected:
            message += f"（可选：{str(expected).replace(chr(39), '').replace(' or ', ', ')}）"
        out.append(FieldError(key or None, kind, message))
    return out
