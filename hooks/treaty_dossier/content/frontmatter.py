"""Split a Markdown file into YAML front matter and body, and read YAML safely.

Contributor files are untrusted: YAML is read with the safe loader, anchors and
aliases are refused (no alias bombs), nesting and size are bounded, and every
failure becomes a :class:`Problem` with the file's line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .problems import Problem

MAX_DEPTH = 6
T = TypeVar("T")
_FENCE = re.compile(r"^---[ \t]*$")
# A commented-out field, as the scaffold writes one to fill in: ``# title:   # FILL IN: ...``.
_PLACEHOLDER = re.compile(r"^[ \t]*#[ \t]*(?P<key>[a-z_]+)[ \t]*:")


class _Loader(yaml.SafeLoader):
    """The safe loader, but dates stay text: the field validators parse them and name the line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# libyaml parses about ten times faster, which matters with thousands of files. It reads only
# text without tabs or control characters; anything it refuses is read again by the pure-Python
# loader, whose messages (and line numbers) are the ones contributors see.
def _c_loader() -> type | None:
    """:class:`_Loader` on libyaml, where PyYAML was built with it."""
    if getattr(yaml, "CSafeLoader", None) is None:
        return None
    return type("_CLoader", (yaml.CSafeLoader,), {"yaml_implicit_resolvers": _Loader.yaml_implicit_resolvers})


_CLoader = _c_loader()
# Characters no content may hold: control characters other than tab and newline, the non-characters
# U+FFFE/U+FFFF, and lone surrogates (from a YAML escape such as "\\ud800"). They would reach the search
# index, the Akoma Ntoso XML and the PDF, each of which refuses them, far from the file that held them.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_PLAIN = re.compile(r"[^\t\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]*")


class YamlProblem(Exception):
    """YAML that cannot be read; ``line`` is 1-based within the YAML text."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class ContentProblem(Exception):
    """A single problem that stops reading one file."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Document:
    """A parsed file: its data, the line of each top-level key, and its body."""

    path: str
    data: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line on which the body starts
    start_line: int = 1  # file line of the YAML's first line
    end_line: int = 1  # where a field would be added: the closing '---', or a YAML file's last line
    placeholders: dict[str, int] = field(default_factory=dict)  # key -> line of its commented-out placeholder

    def line_of(self, key: str) -> int:
        """File line of a key (``outer.inner`` for nested ones), else the YAML's first line."""
        while key and key not in self.key_lines:
            key = key.rpartition(".")[0]
        return self.key_lines.get(key, self.start_line)

    def line_for_missing(self, key: str) -> int:
        """Where a missing (or empty) field belongs: its own empty line, its ``# key:`` placeholder, or the end."""
        return self.key_lines.get(key) or self.placeholders.get(key) or self.end_line


def placeholders(yaml_text: str, first_line: int = 1) -> dict[str, int]:
    """The file line of each commented-out ``# key:`` line (the first, if a key has several)."""
    found: dict[str, int] = {}
    for number, line in enumerate(yaml_text.split("\n")):
        m = _PLACEHOLDER.match(line)
        if m:
            found.setdefault(m["key"], number + first_line)
    return found


def parse_file(
    file: Path, path: str, max_bytes: int, parse: Callable[..., tuple[T | None, list[Problem]]], *args: Any
) -> tuple[T | None, list[Problem]]:
    """Read ``file`` (checked by :func:`decode`) and ``parse(text, path, *args)`` it; ``path`` names it in problems."""
    try:
        text = decode(file.read_bytes(), path, max_bytes)
    except ContentProblem as exc:
        return None, [exc.problem]
    return parse(text, path, *args)


def decode(raw: bytes, path: str, max_bytes: int) -> str:
    """Bytes to text, refusing oversize and non-UTF-8 input; CRLF and BOM are accepted."""
    if len(raw) > max_bytes:
        raise ContentProblem(Problem(path, 1, f"file is {len(raw)} bytes; the limit is {max_bytes}"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentProblem(Problem(path, line, "file is not valid UTF-8 text")) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentProblem(Problem(path, line, "file contains a NUL byte (binary file?)"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problem = forbidden_character(text, path)
    if problem:
        raise ContentProblem(problem)
    return text


def character_name(char: str) -> str:
    """``U+0007`` for a character, as a contributor can look it up (never the character itself)."""
    return f"U+{ord(char):04X}"


def forbidden_character(text: str, path: str, first_line: int = 1) -> Problem | None:
    """A problem at the line of the first character no content may hold (:data:`FORBIDDEN`), or None."""
    m = FORBIDDEN.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + first_line
    column = m.start() - text.rfind("\n", 0, m.start())
    return Problem(
        path, line, f"control character {character_name(m[0])} at column {column}; remove it (only tab and newline are allowed)"
    )


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Load one YAML document; return the data and the file line of each key.

    ``first_line`` is the file line of the YAML's first line; every line in the
    result and in a :class:`YamlProblem` is a file line.
    """
    if _CLoader is not None and _PLAIN.fullmatch(text):
        try:
            return _load(text, first_line, _CLoader)
        except YamlProblem:
            pass  # read it again below, for the pure-Python loader's message
    return _load(text, first_line, _Loader)


def _load(text: str, first_line: int, loader: type) -> tuple[Any, dict[str, int]]:
    try:
        _check_events(text, first_line, loader)
        node = yaml.compose(text, Loader=loader)
        if node is None:
            return None, {}
        key_lines: dict[str, int] = {}
        _record_keys(node, "", key_lines, first_line)
        _check_scalars(node, first_line)
        data = loader(text).construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line + first_line - 1, _yaml_message(exc, text, line)) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise YamlProblem(first_line, f"malformed YAML: {exc}") from None
    return data, key_lines


def _record_keys(node: yaml.Node, prefix: str, key_lines: dict[str, int], first_line: int) -> None:
    """Record the line of every mapping key, nested ones as ``outer.inner``, list items as ``outer.0``."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            line = key.start_mark.line + first_line
            if name in key_lines:
                raise YamlProblem(line, f"duplicate key '{key.value}' (first at line {key_lines[name]})")
            key_lines[name] = line
            _record_keys(value, name + ".", key_lines, first_line)
    elif isinstance(node, yaml.SequenceNode) and prefix:
        # list items as ``outer.0``: a message about one item names its own line
        for index, item in enumerate(node.value):
            key_lines.setdefault(f"{prefix}{index}", item.start_mark.line + first_line)
            _record_keys(item, f"{prefix}{index}.", key_lines, first_line)


def _check_scalars(node: yaml.Node, first_line: int) -> None:
    """Refuse a key or value that holds a :data:`FORBIDDEN` character, typed as an escape (``"\\x07"``)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            m = FORBIDDEN.search(node.value)
            if m:
                raise YamlProblem(
                    node.start_mark.line + first_line,
                    f"character {character_name(m[0])} in a value (written as an escape) is not allowed:"
                    " a control character, non-character or lone surrogate; remove it",
                )
        elif isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _check_events(text: str, first_line: int, loader: type = _Loader) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(event.start_mark.line + first_line, "YAML anchors and aliases (&, *) are not allowed")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(event.start_mark.line + first_line, f"YAML nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or "'\\t'" in str(exc.problem):
        return "malformed YAML: tab character used for indentation; indent with spaces"
    problem = exc.problem or "could not be parsed"
    return f"malformed YAML: {problem}"


def split(text: str, path: str) -> Document:
    """Split ``---``-fenced front matter from the body and parse it."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ContentProblem(Problem(path, 1, "missing front matter: the file must start with a '---' line"))
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            break
    else:
        raise ContentProblem(Problem(path, 1, "front matter is not closed: add a '---' line after it"))
    yaml_text = "\n".join(lines[1:end]) + "\n"
    try:
        data, key_lines = load_yaml(yaml_text, first_line=2)
    except YamlProblem as exc:
        # YAML also breaks lines at U+0085/U+2028; keep the line inside the front matter
        raise ContentProblem(Problem(path, min(exc.line, end + 1), exc.message)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentProblem(Problem(path, 2, "front matter must be a mapping of 'key: value' lines"))
    body = "\n".join(lines[end + 1 :])
    return Document(
        path=path,
        data=data,
        key_lines=key_lines,
        body=body,
        body_line=end + 2,
        start_line=2,
        end_line=end + 1,
        placeholders=placeholders(yaml_text, first_line=2),
    )
