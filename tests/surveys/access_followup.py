"""This area's rows of the shared access tests (tests/core): who may open each url (the access matrix), the
record each url is about in the access tests' office, and the desk panels of each role. Kept here so the
shared tests grow by one import each."""

import datetime

from django.utils import timezone

from core.roles import Role
from surveys.choices import PlanStatus, Rating
from surveys.services import forums, rectification, slips
from tests.surveys.factories import PlanFactory, SurveyFormFactory, returned

CLERK, HEAD, SUPERVISOR, MANAGER = Role.CLERK, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.MANAGER
VGM, GM, QUALITY = Role.VICE_GENERAL_MANAGER, Role.GENERAL_MANAGER, Role.QUALITY
ALL = frozenset(Role)
# surveys.permissions_followup, written out: the matrix states who may, it does not import it.
SLIP_READ = ALL - {HEAD}
FORUM_WRITE = frozenset({CLERK, SUPERVISOR, MANAGER, GM})

# url name -> (who may, method, the object the url is about)
MATRIX = {
    "surveys:rectification_list": (ALL, "get", None),
    "surveys:rectification_detail": (ALL, "get", "rectification"),
    "surveys:rectification_act": (frozenset({HEAD, SUPERVISOR, MANAGER}), "post", "rectification progress"),
    "surveys:rectification_print": (ALL, "get", "rectification"),
    "surveys:slip_list": (SLIP_READ, "get", None),
    "surveys:slip_create": (frozenset({CLERK, SUPERVISOR}), "get", None),
    "surveys:slip_detail": (SLIP_READ, "get", "slip"),
    "surveys:slip_act": (frozenset({CLERK, SUPERVISOR}), "post", "slip keep"),
    "surveys:forum_list": (ALL, "get", None),
    "surveys:forum_create": (FORUM_WRITE, "get", None),
    "surveys:forum_detail": (ALL, "get", "forum"),
    "surveys:forum_print": (ALL, "get", "forum"),
    "surveys:forum_follow_up_add": (FORUM_WRITE, "post", "forum"),
    "surveys:follow_up_done": (FORUM_WRITE, "post", "follow_up"),
}

# The records of one estate (tests/core/test_estates.py: another estate's staff get 404 on each).
ESTATE_BOUND = {"rectification", "slip", "forum", "follow_up"}

# The desk panels this area adds to each role's desk (tests/core/test_desk.py).
PANELS = {
    CLERK: {"surveys_slips_to_sort"},
    HEAD: {"surveys_rectifications_department"},
    SUPERVISOR: {"surveys_rectifications", "surveys_slips_to_sort", "surveys_forum_follow_ups"},
}


def office_records(users, unit, department):
    """A rectification of the department's item, a slip from the unit, a forum with a follow-up: in the
    unit's estate, made by the office's users (tests/core/conftest.py `office`)."""
    estate = unit.building.estate
    plan = PlanFactory(estate=estate, status=PlanStatus.CLOSED)
    plan.questionnaire.items.filter(name="保洁服务").update(department=department)
    returned(SurveyFormFactory(plan=plan, unit=unit), {"保洁服务": Rating.UNSATISFIED})
    [task] = rectification.open_rectifications(plan=plan, by=users[SUPERVISOR])
    slip = slips.enter_slip(estate=estate, found_on=timezone.localdate(), unit=unit, name="张伟华",
                            phone="13812345678", content="电梯经常停运", by=users[CLERK])
    forum = forums.record_forum(
        estate=estate, held_on=timezone.localdate(), theme="停车管理", attendees="业主代表", minutes="……",
        follow_ups=[{"item": "公示停车方案", "owner": "客服中心",
                     "due_on": timezone.localdate() + datetime.timedelta(days=7)}],
        by=users[CLERK],
    )
    return {"rectification": task, "slip": slip, "forum": forum, "follow_up": forum.follow_ups.get()}
