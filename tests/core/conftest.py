"""The office every access test opens pages of: one user per role and one record of each kind, all
in one estate (tests/core/test_access.py, tests/core/test_estates.py)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.files.base import ContentFile
from django.utils import timezone

from callbacks.models import Callback
from complaints import services as complaint_services
from core.models import Download
from core.periods import Period
from core.roles import Role
from reports import services as report_services
from requests_app import services as request_services
from requests_app.inputs import HelpRequestInput
from requests_app.models import Category
from residents.models import Department
from surveys.choices import PlanStatus
from tests.complaints.conftest import register
from tests.factories import DepartmentFactory, OccupancyFactory, photo_upload
from tests.surveys import access_followup as surveys_followup
from tests.surveys.factories import PlanFactory, SurveyFormFactory

HEAD, SUPERVISOR, MANAGER, CLERK = Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER, Role.CLERK
DOWNLOAD_ROLES = {Role.SUPERVISOR, Role.MANAGER, Role.GENERAL_MANAGER, Role.VICE_GENERAL_MANAGER, Role.QUALITY}


@pytest.fixture
def office(make_user):
    users = {role: make_user(role, username=f"m_{role}") for role in Role}
    users[None] = make_user(None, username="m_none")
    occupancy = OccupancyFactory(resident__name="张伟华", resident__phone="13812345678")
    unit = occupancy.unit
    department = DepartmentFactory(name="工程维护部", kind=Department.Kind.ENGINEERING, head=users[HEAD])
    help_request = request_services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.OTHER, matter="求助", unit=unit, resident=occupancy.resident),
        by=users[CLERK],
    )
    repair = request_services.register_help_request(
        HelpRequestInput(channel="phone", category=Category.REPAIR, matter="漏水", unit=unit, resident=occupancy.resident),
        by=users[CLERK],
    )
    complaint = register(by=users[CLERK], channel="phone", description="投诉", unit=unit, resident=occupancy.resident,
                         level="minor")
    complaint_services.dispatch_complaint(complaint=complaint, department=department, by=users[CLERK])
    # A second complaint handled by the department and the resident told: its callback is due.
    told = register(by=users[CLERK], channel="phone", description="投诉二", unit=unit, resident=occupancy.resident,
                    level="minor")
    complaint_services.dispatch_complaint(complaint=told, department=department, by=users[CLERK])
    complaint_services.sign_for_complaint(complaint=told, by=users[HEAD])
    complaint_services.record_handling(complaint=told, result="已处理", by=users[HEAD])
    complaint_services.inform_resident(complaint=told, method="phone", by=users[CLERK])
    attachment = complaint_services.attach_file(complaint=complaint, by=users[CLERK], file=photo_upload())
    report = report_services.open_report(estate=unit.building.estate, period=Period.last_month(timezone.localdate()))
    action_item = report_services.add_action_item(
        report=report, by=users[SUPERVISOR], department=department, problem="3-1202 电梯", action="检修",
        owner=users[HEAD], due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    objects = {
        "unit": unit, "estate": unit.building.estate, "building": unit.building, "resident": occupancy.resident,
        "occupancy": occupancy, "department": department, "help_request": help_request, "complaint": complaint,
        "report": report, "action_item": action_item, "repair": repair,
        "download": _prepared_download(users[MANAGER]), "attachment": attachment,
        "callback": Callback.objects.for_source(told).get(),
        "survey_results": _survey_with_a_return(unit, occupancy.resident),
        **_surveys(unit),
        "attempt": AccessAttempt.objects.create(username="someone", ip_address="10.0.0.9", failures_since_start=9,
                                                user_agent="x", http_accept="x", path_info="/"),
    }
    objects |= surveys_followup.office_records(users, unit, department)
    # The paper form returned in that survey, which the front desk may correct while it collects.
    objects["returned_form"] = objects["survey_results"].forms.get()
    return users, objects


def _survey_with_a_return(unit, resident):
    """A survey of the unit's estate with the unit's form returned: its respondent named and a phone
    number written into the opinion (issue 12: neither reaches a role that may not see them)."""
    from surveys.choices import PlanStatus, Rating
    from tests.surveys.factories import PlanFactory, SurveyFormFactory, returned

    plan = PlanFactory(estate=unit.building.estate, status=PlanStatus.COLLECTING)
    form = returned(SurveyFormFactory(plan=plan, unit=unit), {"保安服务": Rating.UNSATISFIED},
                    opinion=f"请回电 {resident.phone}")
    form.respondent = resident.name
    form.save(update_fields=["respondent"])
    return plan
def _surveys(unit):
    """A draft survey plan and one whose forms are out, in the unit's estate (issue 12)."""
    year = timezone.localdate().year
    estate = unit.building.estate
    survey = PlanFactory(estate=estate, year=year, status=PlanStatus.COLLECTING)
    return {
        "survey_plan": PlanFactory(estate=estate, year=year, questionnaire=survey.questionnaire),
        "survey": survey, "survey_form": SurveyFormFactory(plan=survey, unit=unit),
        "questionnaire": survey.questionnaire,
    }


def _prepared_download(manager):
    """A year's workbook the worker built for a manager (full personal details)."""
    download = Download.objects.create(
        builder="x", params={}, full_details=True, fingerprint="1", filename="投诉统计.xlsx", requested_by=manager,
        roles=sorted(str(role) for role in DOWNLOAD_ROLES), status=Download.Status.READY,
    )
    download.file.save("bench.xlsx", ContentFile(b"PK"), save=True)
    return download


