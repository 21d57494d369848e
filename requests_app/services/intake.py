"""Saving a help request: number, receptionist and time, then what its category requires
(repair order, emergency report, security alert, written-inquiry deadline, complaint hand-over)."""

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints.services import register_complaint
from core.deadlines import add_days
from core.numbering import next_number
from core.roles import Role, users_with_role
from core.timeline import record_event
from requests_app import selectors
from requests_app.models import (
    NUMBER_PREFIX,
    URGENT_CATEGORIES,
    WRITTEN_INQUIRY_REPLY_DAYS,
    Category,
    HelpRequest,
    InquiryKind,
    RepairOrder,
    Responsibility,
)
from requests_app.services.base import now_or_current, report_serious, supervisors, tell
from requests_app.services.workflow import record_reply


@transaction.atomic
def register_help_request(
    *,
    by,
    channel,
    category,
    matter,
    estate=None,
    unit=None,
    resident=None,
    caller_name="",
    caller_phone="",
    department=None,
    now=None,
    answer="",
    inquiry_kind="",
    patient_address="",
    patient_phone="",
    emergency_choice="",
    serious=False,
    paid_service=False,
    fee=None,
    responsibility=Responsibility.NORMAL,
    vendor="",
):
    """The clerk's save: number, receptionist and time filled in, then what the category requires."""
    now = now_or_current(now)
    if unit is not None and estate is None:
        estate = unit.building.estate
    if category == Category.INQUIRY and not inquiry_kind:
        inquiry_kind = selectors.default_inquiry_kind(channel)
    help_request = HelpRequest.objects.create(
        number=next_number(NUMBER_PREFIX, at=now),
        estate=estate,
        unit=unit,
        resident=resident,
        caller_name=caller_name,
        caller_phone=caller_phone,
        channel=channel,
        category=category,
        matter=matter,
        received_at=now,
        received_by=by,
        department=department or selectors.default_department(category=category, estate=estate),
        urgent=category in URGENT_CATEGORIES,
        inquiry_kind=inquiry_kind if category == Category.INQUIRY else "",
        written_reply_due_at=(
            add_days(now, WRITTEN_INQUIRY_REPLY_DAYS)
            if category == Category.INQUIRY and inquiry_kind == InquiryKind.WRITTEN
            else None
        ),
        patient_address=patient_address,
        patient_phone=patient_phone,
        emergency_choice=emergency_choice,
        paid_service=paid_service,
        fee=fee if paid_service else None,
    )
    record_event(help_request, action="received", label=_("Received"), by=by, at=now, note=matter[:200])
    if category == Category.REPAIR:
        RepairOrder.objects.create(help_request=help_request, responsibility=responsibility, vendor=vendor)
    elif category == Category.EMERGENCY and serious:
        report_serious(help_request, by=by, now=now)
    elif category in URGENT_CATEGORIES:
        _alert_security(help_request)
    elif category == Category.INQUIRY and inquiry_kind == InquiryKind.WRITTEN:
        tell(
            supervisors(),
            help_request,
            format_lazy(_("Written inquiry {number}: reply in writing within 2 days"), number=help_request.number),
            "written",
        )
    elif category == Category.COMPLAINT:
        hand_over_complaint(help_request=help_request, by=by, now=now)
    if answer:
        record_reply(help_request=help_request, by=by, reply=answer, now=now)
        help_request.refresh_from_db()
    return help_request


def _alert_security(help_request):
    """SPEC §3: security incidents and disasters go to security, urgent; supervisor and manager informed."""
    users = list(users_with_role(Role.SUPERVISOR, Role.MANAGER))
    if help_request.department_id:
        users += help_request.department.staff()
    tell(
        users,
        help_request,
        format_lazy(
            _("Urgent {category} {number}: {matter}"),
            category=help_request.get_category_display(),
            number=help_request.number,
            matter=help_request.matter[:80],
        ),
        "urgent",
    )


@transaction.atomic
def hand_over_complaint(*, help_request, by, now=None):
    """SPEC §3: a complaint is handled as a complaint (§4): register it with the data already typed
    and link it to the help request, in the caller's transaction."""
    now = now_or_current(now)
    complaint = register_complaint(
        by=by,
        channel=help_request.channel,
        description=help_request.matter,
        complainant_name=help_request.caller_name,
        complainant_phone=help_request.caller_phone,
        resident=help_request.resident,
        unit=help_request.unit,
        estate=help_request.estate,
        now=now,
    )
    help_request.complaint = complaint
    help_request.save(update_fields=["complaint"])
    record_event(
        help_request, action="complaint_handover", label=_("Handed over as a complaint"), by=by, at=now,
        note=complaint.number,
    )
    return complaint
