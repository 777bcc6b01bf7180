"""Turn definition text into a checked :class:`Programme`, or into ``file:line`` problems."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import ValidationError

from engine.definition.checks import semantic_problems
from engine.definition.model import Programme
from engine.definition.yamlsource import DefinitionError, SourceMap, load_yaml, read_yaml_file


def _workflows_dir() -> Path:
    """The bundled definitions: the ``workflows`` package's YAML, in a checkout or an installed wheel alike."""
    found = files("workflows")
    if not isinstance(found, Path):  # a zipped install: the loader reads plain files
        raise DefinitionError([f"{found}: the bundled definitions must be installed as files, not in an archive"])
    return found


WORKFLOWS_DIR = _workflows_dir()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _problems(exc: ValidationError, source: SourceMap) -> list[str]:
    out: list[str] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        out.append(source.at(loc, f"{where}: {err['msg']}"))
    return out


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's C parser with safe types; refuses what the line-tracking read would read otherwise or refuse.

    That is a repeated key (refused there) and a merge key ``<<`` (a plain key there).
    """

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
            raise yaml.constructor.ConstructorError(None, None, "merge key", node.start_mark)
        super().flatten_mapping(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            raise yaml.constructor.ConstructorError(None, None, "repeated key", node.start_mark)
        return mapping


def _fast(text: str) -> Programme:
    """The quick read: no map of lines, a twentieth of the time (most of a short command's or a test's set-up)."""
    programme = Programme.model_validate(yaml.load(text, Loader=_FastLoader))
    if semantic_problems(programme):
        raise ValueError("meaning problems: the checked read names them with their lines")
    return programme


def parse_definition(text: str, filename: str) -> Programme:
    """Parse and check one definition; raises :class:`DefinitionError` listing every problem.

    Text that fails the quick read is read again the line-tracking way, so every problem names its file:line.
    """
    try:
        return _fast(text)
    except Exception:  # whatever went wrong, the checked read says it properly (or disagrees, and wins)
        return _checked(*load_yaml(text, filename), filename)


def _checked(data: object, source: SourceMap, filename: str) -> Programme:
    if not isinstance(data, dict):
        raise DefinitionError([f"{filename}:1: a definition must be a mapping at the top level"])
    try:
        programme = Programme.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_problems(exc, source)) from exc
    problems = semantic_problems(programme)  # meaning is checked once the structure is sound
    if problems:
        raise DefinitionError([source.at(loc, msg) for loc, msg in problems])
    return programme


def load_definition_file(path: Path) -> tuple[str, Programme]:
    """Read a file from disk; returns its text (what a cycle pins) and the checked programme."""
    try:
        text = path.read_text(encoding="utf-8")
        return text, _fast(text)
    except Exception:  # unreadable or failing: the checked read words it, with file:line
        text, data, source = read_yaml_file(path)
        return text, _checked(data, source, str(path))


@lru_cache(maxsize=64)
def programme_from_snapshot(text: str) -> Programme:
    """The programme a stored snapshot describes; cached, since snapshots never change."""
    return parse_definition(text, "<snapshot>")


def bundled_definition_files() -> list[Path]:
    """The bundled definition files; none at all means a broken install, so it says so instead of loading nothing."""
    found = sorted(WORKFLOWS_DIR.glob("*.yaml"))
    if not found:
        raise DefinitionError([f"{WORKFLOWS_DIR}: no programme definitions (*.yaml) here: the installation lacks them"])
    return found
