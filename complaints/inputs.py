"""The typed input of a new complaint: what reception writes on the complaint form 住户投诉意见表.

Built by the reception form (`ComplaintForm.to_input`) or by the help-request hand-over, and taken
by `services.register_complaint` as one object instead of a long keyword list."""

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ComplaintInput:
    channel: str
    description: str
    submitted_at: datetime.datetime | None = None
    complainant_name: str = ""
    complainant_phone: str = ""
    resident: Any = None
    unit: Any = None
    estate: Any = None
    occurred_at: datetime.datetime | None = None
    occurred_place: str = ""
    departments: list = field(default_factory=list)
    complained_person: str = ""
    demand: str = ""
    requested_deadline: datetime.datetime | None = None
    category: str = ""
    is_valid: bool = True
    invalid_reason: str = ""
    level: str = ""
    major_criterion: str = ""
