"""Declared field tables for front matter and source files, and their validators.

A validator takes the raw YAML value and returns the cleaned value or raises
``ValueError`` with a message that says what was expected.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .frontmatter import Document, YamlProblem, load_yaml, placeholders
from .problems import Problem, suggest

Validator = Callable[[Any], Any]

MAX_TEXT = 500


@dataclass(frozen=True)
class Field:
    validate: Validator
    required: bool = False


def text(value: Any, limit: int = MAX_TEXT) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected text, found {_kind(value)}")
    value = str(value).strip()
    if not value:
        raise ValueError("must not be empty")
    if len(value) > limit:
        raise ValueError(f"is longer than {limit} characters")
    return value


def long_text(value: Any) -> str:
    return text(value, limit=4000)


def text_list(value: Any) -> list[str]:
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list like [a, b], found {_kind(value)}")
    return [text(item) for item in value]


def one_of(*choices: str) -> Validator:
    def check(value: Any) -> str:
        value = text(value)
        if value not in choices:
            raise ValueError(f"'{value}' is not one of: {', '.join(choices)}{suggest(value, choices)}")
        return value

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {describe(value)}")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)
    shaped = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", written)
    if shaped is None:
        raise ValueError(f"expected a date as YYYY-MM-DD, found '{value}'")
    year, month, day = (int(part) for part in shaped.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"'{written}' is not a date: month {month} does not exist")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"'{written}' is not a date: {calendar.month_name[month]} {year} has {days} days")
    return dt.date(year, month, day)


def https_url(value: Any) -> str:
    value = text(value)
    if value.lower().startswith("http://"):
        raise ValueError(f"'{value}' is not https; use the https:// address")
    if not re.fullmatch(r"https://[^\s<>\"'`]+", value):
        raise ValueError(f"'{value}' is not an https:// URL")
    return value


def language(value: Any) -> str:
    value = text(value)
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ValueError(f"'{value}' is not a language code like en, ru or ko")
    return value


# A word: a run of letters/digits (with inner apostrophes or hyphens), or one CJK character,
# since Chinese and Japanese are written without spaces.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+(?:['’-][^\W_]+)*")


def word_count(value: str) -> int:
    """Words in ``value``, for the fair-quotation limits."""
    return len(_WORD.findall(value))


def any_list(value: Any) -> list[Any]:
    """A YAML list whose items a caller checks one by one (each at its own line)."""
    if not isinstance(value, list):
        raise ValueError(f"expected a list of items each starting with '- ', found {_kind(value)}")
    return value


def describe(value: Any) -> str:
    """What a YAML value is, for messages: ``a list``, ``a mapping``, ``nothing``."""
    return _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    names = {dict: "a mapping", list: "a list", bool: "true/false", str: "a string", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def check_fields(doc: Document, table: dict[str, Field], what: str) -> tuple[dict[str, Any], list[Problem]]:
    """Validate ``doc.data`` against ``table``; return cleaned values and problems."""
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    for key in doc.data:
        if str(key) not in table:
            problems.append(
                Problem(doc.path, doc.line_of(str(key)), f"unknown field '{key}' in {what}{suggest(str(key), table)}")
            )
    for name, spec in table.items():
        if name not in doc.data or doc.data[name] is None:
            if spec.required:
                problems.append(Problem(doc.path, doc.line_for_missing(name), f"missing required field '{name}' in {what}"))
            continue
        try:
            clean[name] = spec.validate(doc.data[name])
        except ValueError as exc:
            problems.append(Problem(doc.path, doc.line_of(name), f"field '{name}': {exc}"))
    return clean, problems


FILE_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def check_yaml_file(
    raw_text: str, path: str, table: dict[str, Field], what: str
) -> tuple[Document | None, dict[str, Any], list[Problem]]:
    """Parse a whole-YAML file (a source, an event) whose stem is its id, and validate it against ``table``."""
    try:
        data, key_lines = load_yaml(raw_text)
    except YamlProblem as exc:
        return None, {}, [Problem(path, exc.line, exc.message)]
    if data is None:
        data = {}  # empty, or only comments (a scaffold's placeholders): each missing field is named below
    if not isinstance(data, dict):
        return None, {}, [Problem(path, 1, f"{what} file must be a mapping of 'key: value' lines")]
    last = raw_text.rstrip("\n").count("\n") + 1
    doc = Document(path, data, key_lines, end_line=last, placeholders=placeholders(raw_text))
    clean, problems = check_fields(doc, table, what)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if not re.fullmatch(FILE_ID, stem):
        problems.append(
            Problem(path, 1, f"{what.split(' ', 1)[-1]} id '{stem}' (the file name) must be lower-case words joined by '-'")
        )
    return doc, clean, problems
