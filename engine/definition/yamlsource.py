"""YAML loading for definitions and overlays: the kernel's bounded reader, its problems as ``file:line``.

The reading itself (limits, duplicate keys, line numbers) lives in :mod:`engine.kernel.yamlread`, so
dates files and holiday calendars are read the same way; here its problems become a DefinitionError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.kernel import yamlread
from engine.kernel.yamlread import Loc, SourceMap, YamlInputError

__all__ = ["DefinitionError", "Loc", "SourceMap", "load_yaml", "read_yaml_file"]


class DefinitionError(Exception):
    """A definition file is wrong; ``problems`` lists every ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_yaml(text: str, filename: str) -> tuple[Any, SourceMap]:
    """Parse YAML text; a syntax error, a duplicate key or a limit becomes a :class:`DefinitionError` with its line."""
    try:
        return yamlread.load_yaml(text, filename)
    except YamlInputError as exc:
        raise DefinitionError(exc.problems) from None


def read_yaml_file(path: Path) -> tuple[str, Any, SourceMap]:
    """Read and parse a file, reporting an unreadable file the same way as a bad one."""
    try:
        return yamlread.read_yaml(path)
    except YamlInputError as exc:
        raise DefinitionError(exc.problems) from None
