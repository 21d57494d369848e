"""Resident privacy (SPEC §2, seed 001 业主档案管理): who may see personal details in full."""

from core.roles import PRIVACY_ROLES, has_role

MASK = "****"


def can_see_personal_details(user):
    return has_role(user, PRIVACY_ROLES)


def mask_phone(phone):
    """'13812345678' -> '138****5678'."""
    if not phone:
        return ""
    if len(phone) < 8:
        return MASK
    return f"{phone[:3]}{MASK}{phone[-4:]}"


def mask_name(name):
    """'张伟华' -> '张**': the surname is enough to address someone politely."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def phone_for(user, phone):
    return phone if can_see_personal_details(user) else mask_phone(phone)


def name_for(user, name):
    return name if can_see_personal_details(user) else mask_name(name)
