import datetime

from django import template

register = template.Library()


@register.filter
def register_cell(column, row):
    """One cell of an export column spec, formatted as on the printed register."""
    value = column.value(row)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return value
