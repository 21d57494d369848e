"""Input parsing and validation only; the workflow runs in services (callbacks.services)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from callbacks.choices import UNSATISFIED, Method, Result
from callbacks.deadlines import next_meeting_date
from callbacks.models import CallbackPolicy
from callbacks.permissions import RECORD_ROLES
from core.forms import EMPTY_CHOICE, StaffChoiceField, date_field, datetime_field
from core.people import staff


def _text(label, rows=2, **kwargs):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class RecordForm(forms.Form):
    """One try (SPEC §6): method, when, whom the caller reached, the verdict, comments, follow-up needed;
    a question to answer later (预约时间答复) and a serious problem for the regular meeting (例会)."""

    result = forms.ChoiceField(label=_("callback result"), choices=[EMPTY_CHOICE, *Result.choices])
    method = forms.ChoiceField(label=_("method"), choices=[EMPTY_CHOICE, *Method.choices])
    called_at = datetime_field(_("when"), help_text=_("Leave empty for now."))
    person_reached = forms.CharField(label=_("person reached"), max_length=50, required=False,
                                     help_text=_("E.g. the resident himself or herself, a family member."))
    comments = _text(_("comments"), required=False)
    follow_up = _text(_("follow-up needed"), required=False,
                      help_text=_("Unsatisfied: what is still wrong; it goes back to the department with it."))
    question = _text(_("question that could not be answered at once"), required=False)
    answer_due = datetime_field(_("agreed answer time"), kind="plan",
                                help_text=_("When the resident will get the answer, as agreed with them."))
    serious = forms.BooleanField(label=_("serious problem: put it on the regular meeting"), required=False)
    meeting_date = date_field(_("regular meeting"), kind="plan")
    meeting_problem = _text(_("serious problem"), required=False)

    def __init__(self, *args, scheduled_at=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheduled_at = scheduled_at

    def clean_called_at(self):
        value = self.cleaned_data["called_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(_("The time of the call cannot be in the future."))
        if value and self.scheduled_at and value < self.scheduled_at:
            raise forms.ValidationError(_("The callback was only scheduled at %(at)s.")
                                        % {"at": timezone.localtime(self.scheduled_at).strftime("%Y-%m-%d %H:%M")})
        return value

    def clean_answer_due(self):
        value = self.cleaned_data["answer_due"]
        if value and value <= timezone.now():
            raise forms.ValidationError(_("The agreed answer time must be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        reached = result and result != Result.NOT_REACHED
        if reached and not cleaned.get("person_reached", "").strip():
            self.add_error("person_reached", _("Say whom you reached."))
        if result in UNSATISFIED and not cleaned.get("follow_up", "").strip():
            self.add_error("follow_up", _("Say what the resident is still unsatisfied with."))
        if cleaned.get("question", "").strip() and not cleaned.get("answer_due"):
            self.add_error("answer_due", _("Agree a time for the answer with the resident."))
        if cleaned.get("answer_due") and not cleaned.get("question", "").strip():
            self.add_error("question", _("Write down the question to be answered."))
        if (cleaned.get("question", "").strip() or cleaned.get("answer_due")) and not reached:
            self.add_error("question", _("A question can only be recorded when somebody was reached."))
        if cleaned.get("serious"):
            if not cleaned.get("meeting_date"):
                self.add_error("meeting_date", _("Choose the meeting date."))
            if not cleaned.get("meeting_problem", "").strip():
                self.add_error("meeting_problem", _("Describe the serious problem for the meeting."))
        return cleaned


def record_form_kwargs(callback):
    return {"scheduled_at": callback.created_at}


def _next_meeting():
    policy = CallbackPolicy.current()
    return next_meeting_date(timezone.localdate(), weekday=policy.meeting_weekday)


def record_initial(callback):
    return {"method": callback.planned_method or Method.PHONE, "meeting_date": _next_meeting()}


def meeting_initial(callback):
    return {"meeting_date": _next_meeting()}


class AnswerForm(forms.Form):
    answer = _text(_("answer given"))
    method = forms.ChoiceField(label=_("method"), choices=[EMPTY_CHOICE, *Method.choices])


class CloseUnreachableForm(forms.Form):
    note = _text(_("why it is closed"), help_text=_("E.g. moved out, number no longer in use, visited twice."))


class AssignForm(forms.Form):
    assignee = StaffChoiceField(label=_("assigned to"), empty_label=EMPTY_CHOICE[1])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff(roles=RECORD_ROLES)


class MeetingFlagForm(forms.Form):
    meeting_date = date_field(_("regular meeting"), required=True, kind="plan")
    meeting_problem = _text(_("serious problem"))


class MeetingOutcomeForm(forms.Form):
    outcome = _text(_("solution agreed at the meeting"), help_text=_("Who does what by when."))


class MeetingDateForm(forms.Form):
    """The meeting list's date (GET); an impossible date is a form error, never a 500."""

    date = date_field(_("regular meeting"))
