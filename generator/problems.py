"""The error model: problems are data with a stable code.

Every check in the project reports `Problem`s; nothing raises for bad input.
The code catalogue (`generator/problem_codes.py`) gives each code a severity and
the Chinese text staff read. Messages never contain a cell value, so a report
can go into CI logs without leaking personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum

from generator.problem_codes import CATALOGUE


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    dataset: str | None
    file: str | None
    row: int | None  # as the staff member sees it: spreadsheet row, header = 1
    column: str | None  # the header text in the file
    message: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def problem(
    code: str,
    *,
    dataset: str | None = None,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    **details: object,
) -> Problem:
    """Make a problem from the catalogue; `details` fill the message template.

    Pass only values that are not personal (limits, field titles, dates of a
    standard), never the content of a roster cell.
    """
    entry = CATALOGUE[code]
    return Problem(
        code=code,
        severity=Severity(entry.severity),
        dataset=dataset,
        file=file,
        row=row,
        column=column,
        message=entry.message.format(**details),
    )


def problems_at_rows(
    code: str,
    rows: Iterable[int],
    *,
    dataset: str | None,
    file: str | None,
    column: str | None,
    **details: object,
) -> list[Problem]:
    """The same problem at many rows: the message is formatted once."""
    template = problem(code, dataset=dataset, file=file, column=column, **details)
    return [
        Problem(template.code, template.severity, dataset, file, int(row), column, template.message)
        for row in rows
    ]


class Report:
    """All problems of one run, in a stable order."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: tuple[Problem, ...] = tuple(sorted(problems, key=_sort_key))

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self._problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self._problems if p.severity is Severity.WARNING)

    def publishable(self, *, strict: bool = False) -> bool:
        """Errors block publishing; warnings block only in strict mode."""
        return not self.errors and not (strict and self.warnings)

    def codes(self) -> set[str]:
        return {p.code for p in self._problems}

    def flatten(self, *fields: str) -> list[tuple]:
        """Compact rows for tests, e.g. report.flatten("code", "row", "column")."""
        return [tuple(getattr(p, f) for f in fields) for p in self._problems]


def _sort_key(p: Problem) -> tuple:
    return (
        0 if p.severity is Severity.ERROR else 1,
        p.file or "",
        p.code,
        p.column or "",
        p.row if p.row is not None else -1,
        p.message,
    )
