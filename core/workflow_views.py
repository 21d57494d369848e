"""The page side of a workflow: the step forms a user is offered, and the one POST handler.

Both read the app's declaration (core.workflow), so a button shows exactly when the server accepts it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import ArchivedError, WorkflowError
from core.estates import narrow_choices


def make_form(action, record, data=None, files=None):
    """The step's form, its choices (departments, staff) narrowed to the record's estate (issue 14)."""
    form = action.form_class()(data, files, prefix=action.name, initial=action.initial(record), **action.form_kwargs(record))
    return narrow_choices(form, estate=getattr(record, "estate_id", None))


def action_forms(workflow, user, record, *, now=None, bound=None):
    """[(action, form)] for every step this user may take now; `bound` = {name: form with errors}."""
    bound = bound or {}
    now = now or timezone.now()
    return [
        (action, bound.get(action.name) or make_form(action, record))
        for action in workflow.available(user, record, now)
    ]


def perform_action(request, workflow, record, name, *, show_detail):
    """Run one step from its form. Role or archive refused: 403. Not possible now: a message.
    Bad input or a refusal by the service: the page again, the error next to the field, input kept.
    `show_detail(request, record, bound)` renders the record's page with a bound form."""
    try:
        action = workflow.action(name)
    except KeyError:
        raise Http404 from None
    now = timezone.now()
    user = request.user
    if not workflow.may(user, record, action):
        raise PermissionDenied
    if not workflow.writable_by(user, record, now):
        raise ArchivedError(_("This record is archived and can only be changed by a manager."))
    if action.service is None or not workflow.allows(record, action, now):
        messages.error(request, _("This step is not possible now."))
        return redirect(record)
    form = make_form(action, record, request.POST, request.FILES)
    if form.is_valid():
        try:
            action.run(workflow.record_arg, record, by=user, data=form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(action.done))
            return redirect(_next_page(request) or record)
    return show_detail(request, record, {name: form})


def _next_page(request):
    """Back to the page the step was taken from (the overdue board's levers), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None
