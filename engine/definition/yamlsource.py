"""YAML loading that remembers where every value came from, so errors can say ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class DefinitionError(Exception):
    """A definition file is wrong; ``problems`` lists every ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SourceMap:
    """Line numbers (1-based) of the values in one YAML document, keyed by their path."""

    filename: str
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1

    def at(self, loc: Loc, message: str) -> str:
        return f"{self.filename}:{self.line_of(loc)}: {message}"


def _plain(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    """Turn a composed node into plain Python data, recording the line of every path."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node))
            if key in out:
                where = f"{filename_of(node)}:{key_node.start_mark.line + 1}"
                raise DefinitionError([f"{where}: duplicate key {key!r} (first at line {lines[(*loc, key)]})"])
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _plain(value_node, (*loc, key), lines)
            lines[(*loc, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    try:
        return yaml.safe_load(yaml.serialize(node))
    except ValueError as exc:  # PyYAML builds dates itself: 2023-02-30 raises here
        raise DefinitionError([f"{filename_of(node)}:{node.start_mark.line + 1}: {node.value!r}: {exc}"]) from None


def filename_of(node: yaml.Node) -> str:
    return node.start_mark.name


def load_yaml(text: str, filename: str) -> tuple[Any, SourceMap]:
    """Parse YAML text; a syntax error becomes a :class:`DefinitionError` with its line."""
    source = SourceMap(filename)
    try:
        loader = yaml.SafeLoader(text)
        loader.name = filename
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DefinitionError([f"{filename}:{line}: YAML syntax error: {exc.problem or exc}"]) from exc
    if node is None:
        raise DefinitionError([f"{filename}:1: the file is empty"])
    return _plain(node, (), source.lines), source


def read_yaml_file(path: Path) -> tuple[str, Any, SourceMap]:
    """Read and parse a file, reporting an unreadable file the same way as a bad one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError([f"{path}:1: cannot read the file: {exc}"]) from exc
    data, source = load_yaml(text, str(path))
    return text, data, source
