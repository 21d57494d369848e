"""Attachments on a record's page and on its print view (issue 11).

    {% load attachments %}
    {% attachments object %}                       the section of a record's page: thumbnails, files
    {% print_attachments object %}                 print views: the names, as a paragraph
    {% print_attachments complaint layout="row" %} ... or as a table row (th + td colspan=3)
    {% attachment_names object as names %}         just the names, for a layout of one's own

Files (thumbnails, downloads) open only for roles that may see residents' personal details (SPEC §2: a
photo of a letter carries them); the others see the list — names, kinds, sizes, who and when — like the
rest of the record.
"""

from django import template
from django.utils import timezone

from core.attachments.holders import WITHDRAW, holder_for, may_open_files
from core.attachments.selectors import attachments_for, file_type
from core.roles import MANAGEMENT_ROLES, has_role

register = template.Library()


@register.inclusion_tag("core/partials/attachments.html", takes_context=True)
def attachments(context, record):
    user = context["request"].user
    rows = list(attachments_for(record))
    for row in rows:
        row.file_type = file_type(row)
    workflow = holder_for(record).get_workflow()
    withdraw, now = workflow.action(WITHDRAW), timezone.now()
    live = [row for row in rows if not row.withdrawn]
    can_see = may_open_files(user)
    # Photos as thumbnails; the rest in a table — every file, for a viewer who may open none.
    images = [row for row in live if row.is_image and can_see]
    return {
        "record": record,
        "count": len(live),
        "can_see": can_see,
        "images": images,
        "listed": [row for row in live if row not in images],
        "withdrawn": [row for row in rows if row.withdrawn],
        "open_withdrawn": has_role(user, MANAGEMENT_ROLES),
        "can_withdraw": bool(live) and workflow.allows(record, withdraw, now) and workflow.may(user, record, withdraw)
        and workflow.writable_by(user, record, now),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def attachment_names(record):
    """The names of the record's attachments as uploaded (not the withdrawn ones), oldest first."""
    return [row.original_name for row in attachments_for(record) if not row.withdrawn]


@register.inclusion_tag("core/partials/attachment_names.html")
def print_attachments(record, layout="block"):
    return {"names": attachment_names(record), "layout": layout}
