"""Saving a help request: number, receptionist and time, then what its category requires — one
handler per category in `CATEGORY_HANDLERS` (repair order, emergency report, security alarm,
written-inquiry notice, complaint hand-over)."""

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints.inputs import ComplaintInput
from complaints.services import register_complaint
from core.deadlines import add_days
from core.numbering import next_number
from core.timeline import record_event
from requests_app import selectors
from requests_app.models import (
    GT_COORDINATION_DAYS,
    NUMBER_PREFIX,
    URGENT_CATEGORIES,
    WRITTEN_INQUIRY_REPLY_DAYS,
    Category,
    HelpRequest,
    InquiryKind,
    RepairOrder,
    Responsibility,
)
from requests_app.services.base import alert_security_chain, now_or_current, report_serious, supervisors, tell
from requests_app.services.steps import record_reply
from requests_app.workflow import WORKFLOW


def _repair(help_request, data, *, by, now):
    RepairOrder.objects.create(help_request=help_request, responsibility=data.responsibility, vendor=data.vendor)
    return help_request


def _emergency(help_request, data, *, by, now):
    return report_serious(help_request, by=by, now=now) if data.serious else help_request


def _urgent(help_request, data, *, by, now):
    """SPEC §3: security incidents and disasters go to security, urgent; supervisor and manager informed."""
    alert_security_chain(
        help_request,
        format_lazy(
            _("Urgent {category} {number}: {matter}"),
            category=help_request.get_category_display(), number=help_request.number, matter=help_request.matter[:80],
        ),
        "urgent",
    )
    return help_request


def _inquiry(help_request, data, *, by, now):
    if help_request.inquiry_kind == InquiryKind.WRITTEN:
        tell(
            supervisors(help_request), help_request,
            format_lazy(_("Written inquiry {number}: reply in writing within 2 days"), number=help_request.number),
            "written", step="written_reply",
        )
    return help_request


def _complaint(help_request, data, *, by, now):
    hand_over_complaint(help_request=help_request, details=data.complaint, by=by, now=now)
    return help_request


CATEGORY_HANDLERS = {
    Category.REPAIR: _repair,
    Category.EMERGENCY: _emergency,
    Category.SECURITY: _urgent,
    Category.DISASTER: _urgent,
    Category.INQUIRY: _inquiry,
    Category.COMPLAINT: _complaint,
}


@transaction.atomic
def register_help_request(data, *, by, now=None):
    """The clerk's save of a `HelpRequestInput`: number, receptionist and time filled in, then what the
    category requires (each handler returns the record as it left it)."""
    now = now_or_current(now)
    estate = data.estate or (data.unit.building.estate if data.unit is not None else None)
    category = data.category
    inquiry_kind = (data.inquiry_kind or selectors.default_inquiry_kind(data.channel)) if category == Category.INQUIRY else ""
    gt_repair = category == Category.REPAIR and data.responsibility == Responsibility.COORDINATION
    help_request = HelpRequest(
        number=next_number(NUMBER_PREFIX, at=now),
        estate=estate,
        unit=data.unit,
        resident=data.resident,
        caller_name=data.caller_name,
        caller_phone=data.caller_phone,
        channel=data.channel,
        category=category,
        matter=data.matter,
        received_at=now,
        received_by=by,
        department=data.department or selectors.default_department(category=category, estate=estate),
        urgent=category in URGENT_CATEGORIES,
        inquiry_kind=inquiry_kind,
        written_reply_due_at=add_days(now, WRITTEN_INQUIRY_REPLY_DAYS) if inquiry_kind == InquiryKind.WRITTEN else None,
        coordination_due_at=add_days(now, GT_COORDINATION_DAYS) if gt_repair else None,
        patient_address=data.patient_address,
        patient_phone=data.patient_phone,
        emergency_choice=data.emergency_choice,
        paid_service=data.paid_service,
        fee=data.fee if data.paid_service else None,
    )
    WORKFLOW.create(help_request, by=by, now=now, label=_("Received"), note=data.matter[:200])
    handler = CATEGORY_HANDLERS.get(category)
    if handler:
        help_request = handler(help_request, data, by=by, now=now)
    if data.answer:
        help_request = record_reply(help_request=help_request, by=by, reply=data.answer, now=now)
    return help_request


@transaction.atomic
def hand_over_complaint(*, help_request, details, by, now=None):
    """SPEC §3: a complaint is handled as a complaint (§4): register it with everything the clerk typed
    and link it to the help request, in the caller's transaction."""
    now = now_or_current(now)
    departments = list(details.departments) or ([help_request.department] if help_request.department_id else [])
    complaint = register_complaint(
        ComplaintInput(
            channel=help_request.channel,
            description=help_request.matter,
            complainant_name=help_request.caller_name,
            complainant_phone=help_request.caller_phone,
            resident=help_request.resident,
            unit=help_request.unit,
            estate=help_request.estate,
            level=details.level,
            major_criterion=details.major_criterion,
            category=details.category,
            occurred_at=details.occurred_at,
            occurred_place=details.occurred_place,
            departments=departments,
            complained_person=details.complained_person,
            demand=details.demand,
            requested_deadline=details.requested_deadline,
        ),
        by=by,
        now=now,
    )
    HelpRequest.objects.filter(pk=help_request.pk).update(complaint=complaint)
    help_request.complaint = complaint
    record_event(
        help_request, action="complaint_handover", label=_("Handed over as a complaint"), by=by, at=now,
        note=complaint.number,
    )
    return complaint
