"""{{ resident.phone|phone_for:user }}: full for roles with the right, masked for others."""

from django import template

from residents import privacy

register = template.Library()


@register.filter
def phone_for(phone, user):
    return privacy.phone_for(user, phone)


@register.filter
def name_for(name, user):
    return privacy.name_for(user, name)


@register.filter
def personal_for(text, user):
    return text if privacy.can_see_personal_details(user) else privacy.MASK if text else ""
