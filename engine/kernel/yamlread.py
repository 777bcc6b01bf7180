"""The one way the system reads YAML: bounded, strict about duplicate keys, and remembering every value's line.

Definitions, overlays, dates files and holiday calendars all come through here, so each gets the same
limits (size, nesting depth, how far aliases may expand, an alias inside itself) and the same
``file:line: message`` errors, checked before any expensive work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.kernel.errors import BadInput
from engine.kernel.limits import MAX_YAML_BYTES, check_size

Loc = tuple[str | int, ...]

# The deepest bundled definition nests 8 levels; 64 is far beyond any real file and far below Python's stack.
MAX_YAML_DEPTH = 64
# Values after aliases are expanded: a bundled definition has about 3,000; a 238-byte alias bomb has 10⁹.
MAX_YAML_VALUES = 200_000
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class YamlInputError(BadInput):
    """A YAML file that is malformed or too costly to read; ``problems`` lists every ``file:line: message``."""

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


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Expander:
    """Turns a composed node graph into plain data, counting values so shared aliases cannot multiply unseen."""

    def __init__(self, filename: str, lines: dict[Loc, int], dates_as_text: bool) -> None:
        self.filename = filename
        self.lines = lines
        self.dates_as_text = dates_as_text
        self.values = 0
        self.open: set[int] = set()  # nodes being expanded: meeting one again means an alias inside itself
        self.constructor = yaml.constructor.SafeConstructor()  # scalars only: collections are expanded here

    def fail(self, node: yaml.Node, message: str) -> YamlInputError:
        return YamlInputError([f"{self.filename}:{_line(node)}: {message}"])

    def plain(self, node: yaml.Node, loc: Loc) -> Any:
        self.values += 1
        if self.values > MAX_YAML_VALUES:
            raise self.fail(node, f"the document expands to more than {MAX_YAML_VALUES:,} values (aliases of aliases?)")
        if len(loc) > MAX_YAML_DEPTH:
            raise self.fail(node, f"values nest more than {MAX_YAML_DEPTH} levels deep")
        self.lines[loc] = _line(node)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.open:
                raise self.fail(node, "an alias refers to the value that contains it (a loop)")
            self.open.add(id(node))
            try:
                return self._mapping(node, loc) if isinstance(node, yaml.MappingNode) else self._sequence(node, loc)
            finally:
                self.open.discard(id(node))
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if self.dates_as_text and node.tag == TIMESTAMP_TAG:
            return str(node.value)
        try:
            return self.constructor.construct_object(node)
        except ValueError as exc:  # PyYAML builds dates itself: 2023-02-30 raises here
            raise self.fail(node, f"{node.value!r}: {exc}") from None
        except yaml.YAMLError as exc:  # a tag no safe loader knows, such as !!python/object
            raise self.fail(node, f"{node.value!r}: {getattr(exc, 'problem', None) or exc}") from None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a key must be a plain value, not a list or a mapping")
            key = self._scalar(key_node)
            if key in out:
                first = self.lines[(*loc, key)]
                raise self.fail(key_node, f"duplicate key {key!r} (first at line {first})")
            self.lines[(*loc, key)] = _line(key_node)
            out[key] = self.plain(value_node, (*loc, key))
            self.lines[(*loc, key)] = _line(key_node)
        return out

    def _sequence(self, node: yaml.SequenceNode, loc: Loc) -> list[Any]:
        return [self.plain(item, (*loc, i)) for i, item in enumerate(node.value)]


def _check_depth(text: str, filename: str) -> None:
    """Walk the parser's events (iterative, no recursion) so a 5,000-deep file is refused before composing it."""
    loader = yaml.SafeLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    raise YamlInputError([f"{filename}:{line}: values nest more than {MAX_YAML_DEPTH} levels deep"])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.StreamEndEvent):
                break
    finally:
        loader.dispose()


def load_yaml(text: str, filename: str, *, dates_as_text: bool = False) -> tuple[Any, SourceMap]:
    """Parse YAML text within the limits; any problem is a :class:`YamlInputError` with its line.

    ``dates_as_text`` leaves dates as written, for readers that check them with their own message.
    """
    source = SourceMap(filename)
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise YamlInputError([f"{filename}:1: {size:,} bytes is more than the {MAX_YAML_BYTES:,} a YAML file may have"])
    try:
        _check_depth(text, filename)
        loader = yaml.SafeLoader(text)
        loader.name = filename
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlInputError([f"{filename}:{line}: YAML syntax error: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise YamlInputError([f"{filename}:1: YAML error: {exc}"]) from None
    if node is None:
        raise YamlInputError([f"{filename}:1: the file is empty"])
    return _Expander(filename, source.lines, dates_as_text).plain(node, ()), source


def read_yaml_text(path: Path) -> str:
    """A YAML file's text: a regular file within the size limit, in UTF-8; else a located refusal."""
    try:
        check_size(path, MAX_YAML_BYTES, "YAML file")
    except BadInput as exc:
        raise YamlInputError([f"{path}:1: {str(exc).removeprefix(f'{path}: ')}"]) from None
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(MAX_YAML_BYTES + 1)
    except UnicodeDecodeError:
        raise YamlInputError([f"{path}:1: not UTF-8 text (save the file as UTF-8)"]) from None
    except OSError as exc:
        raise YamlInputError([f"{path}:1: cannot read the file: {exc.strerror or exc}"]) from None
    return text


def read_yaml(path: Path, *, dates_as_text: bool = False) -> tuple[str, Any, SourceMap]:
    """Read and parse a YAML file, reporting an unreadable file the same way as a bad one."""
    text = read_yaml_text(path)
    data, source = load_yaml(text, str(path), dates_as_text=dates_as_text)
    return text, data, source
