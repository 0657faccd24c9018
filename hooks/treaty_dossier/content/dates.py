"""How dates read on every page and in the PDF: "20 Jun 2024" in lists, "20 June 2024" in prose."""

from __future__ import annotations

import datetime as dt


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
