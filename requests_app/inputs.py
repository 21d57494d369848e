"""The typed input of a new help request: what the clerk fills in on the one-minute form.

Built by `HelpRequestForm.to_input()` and taken by `services.register_help_request` as one object."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ComplaintDetails:
    """For category 投诉: the complaint form's own fields, carried over to the complaint (SPEC §4)."""

    level: str = ""
    major_criterion: str = ""
    category: str = ""
    occurred_at: datetime.datetime | None = None
    occurred_place: str = ""
    departments: list = field(default_factory=list)
    complained_person: str = ""
    demand: str = ""
    requested_deadline: datetime.datetime | None = None


@dataclass(frozen=True)
class HelpRequestInput:
    channel: str
    category: str
    matter: str
    estate: Any = None
    unit: Any = None
    resident: Any = None
    caller_name: str = ""
    caller_phone: str = ""
    department: Any = None
    # Oral inquiry: the answer given at once.
    answer: str = ""
    inquiry_kind: str = ""
    # Emergency medical (SPEC §3): the patient's address and phone first, then the help chosen.
    patient_address: str = ""
    patient_phone: str = ""
    emergency_choice: str = ""
    serious: bool = False
    paid_service: bool = False
    fee: Decimal | None = None
    # Repair (SPEC §3, seed 001): who is responsible, and the external party for Q.
    responsibility: str = "normal"
    vendor: str = ""
    complaint: ComplaintDetails = field(default_factory=ComplaintDetails)
