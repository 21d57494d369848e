"""Resident privacy (SPEC §2, seed 001 业主档案管理): who may see personal details in full.

The rule is decided by the viewer, once, where the data is read — never only in a template:
- selectors annotate what the viewer may see (`shown_name`, `shown_phone`, `shown_text`: SQL
  expressions, so pages, print views and exports read the same masked columns);
- export column specs call `name_for` / `phone_for` on the rows they write.
"""

import re

from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Concat, Left, Length, Right
from django.db.models.lookups import GreaterThan

from core.roles import PRIVACY_ROLES, has_role

MASK = "****"
NAME_MASK = "**"
# Shorter numbers (an extension, a typo) are hidden whole: 3 + 4 digits would show all of them.
MIN_MASKED_PHONE = 8


def can_see_personal_details(user):
    return has_role(user, PRIVACY_ROLES)


def mask_phone(phone):
    """'13812345678' -> '138****5678'."""
    if not phone:
        return ""
    if len(phone) < MIN_MASKED_PHONE:
        return MASK
    return f"{phone[:3]}{MASK}{phone[-4:]}"


def mask_name(name):
    """'张伟华' -> '张**': the surname is enough to address someone politely."""
    if not name:
        return ""
    return name[0] + NAME_MASK


def phone_for(user, phone):
    return phone if can_see_personal_details(user) else mask_phone(phone)


def name_for(user, name):
    return name if can_see_personal_details(user) else mask_name(name)


def text_for(user, text):
    return text if can_see_personal_details(user) else (MASK if text else "")


# A mobile number a resident wrote into free text (a survey opinion, a slip).
MOBILE_IN_TEXT = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def phones_masked_in(user, text):
    """Free text a resident wrote, as `user` may read it: the mobile numbers in it masked unless they may see
    contact details (the text itself is no secret: an opinion is read by quality and the departments)."""
    if can_see_personal_details(user):
        return text or ""
    return MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text or "")


def _field(value):
    return F(value) if isinstance(value, str) else value


def shown_phone(viewer, field):
    """The phone `field` (a name or an expression) as `viewer` may see it, computed by the database."""
    expression = _field(field)
    if can_see_personal_details(viewer):
        return expression
    return Case(
        When(GreaterThan(Length(expression), MIN_MASKED_PHONE - 1),
             then=Concat(Left(expression, 3), Value(MASK), Right(expression, 4))),
        When(GreaterThan(Length(expression), 0), then=Value(MASK)),
        default=Value(""),
        output_field=CharField(),
    )


def shown_name(viewer, field):
    expression = _field(field)
    if can_see_personal_details(viewer):
        return expression
    return Case(
        When(GreaterThan(Length(expression), 0), then=Concat(Left(expression, 1), Value(NAME_MASK))),
        default=Value(""),
        output_field=CharField(),
    )


def shown_text(viewer, field):
    """Free text about a person (address, notes, e-mail): whole, or a mask."""
    expression = _field(field)
    if can_see_personal_details(viewer):
        return expression
    return Case(When(GreaterThan(Length(expression), 0), then=Value(MASK)), default=Value(""),
                output_field=CharField())
