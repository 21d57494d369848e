"""Reporting periods for the statistics (SPEC §4: monthly, half-year, year): pure, no database."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    kind: str  # "month" | "half" | "year"
    year: int
    index: int = 1  # month number, or half 1/2

    @classmethod
    def last_month(cls, today):
        first = today.replace(day=1) - datetime.timedelta(days=1)
        return cls("month", first.year, first.month)

    @classmethod
    def from_params(cls, *, kind, year, month=None, half=None, today):
        default = cls.last_month(today)
        kind = kind or "month"
        year = year or default.year
        if kind == "year":
            return cls("year", year)
        if kind == "half":
            return cls("half", year, half or (1 if default.index <= 6 else 2))
        return cls("month", year, month or default.index)

    def _months(self):
        if self.kind == "year":
            return 1, 12
        if self.kind == "half":
            return (1, 6) if self.index == 1 else (7, 12)
        return self.index, self.index

    @property
    def start_date(self):
        return datetime.date(self.year, self._months()[0], 1)

    @property
    def end_date(self):
        """First day after the period."""
        last = self._months()[1]
        return datetime.date(self.year + 1, 1, 1) if last == 12 else datetime.date(self.year, last + 1, 1)

    @property
    def start(self):
        return timezone.make_aware(datetime.datetime.combine(self.start_date, datetime.time()))

    @property
    def end(self):
        return timezone.make_aware(datetime.datetime.combine(self.end_date, datetime.time()))

    def previous(self):
        if self.kind == "year":
            return Period("year", self.year - 1)
        if self.kind == "half":
            return Period("half", self.year, 1) if self.index == 2 else Period("half", self.year - 1, 2)
        return Period("month", self.year, self.index - 1) if self.index > 1 else Period("month", self.year - 1, 12)

    @property
    def label(self):
        if self.kind == "year":
            return _("%(year)d") % {"year": self.year}
        if self.kind == "half":
            text = _("%(year)d first half") if self.index == 1 else _("%(year)d second half")
            return text % {"year": self.year}
        return _("%(year)d-%(month)02d") % {"year": self.year, "month": self.index}

    @property
    def slug(self):
        return {"year": f"{self.year}", "half": f"{self.year}-H{self.index}"}.get(
            self.kind, f"{self.year}-{self.index:02d}"
        )
