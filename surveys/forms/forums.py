"""The owners' forum forms 业主座谈会记录表: the record with its follow-up items, a follow-up added later, a
follow-up done. Parse and validate input only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.estates import narrow_choices, only_estate
from core.forms import PleaseChooseMixin, date_field
from residents.models import Estate

# Rows for follow-up items on a new record; more are added from the forum's page.
FOLLOW_UP_ROWS = 3


class ForumForm(PleaseChooseMixin, forms.Form):
    estate = forms.ModelChoiceField(label=_("estate"), queryset=Estate.objects.all())
    held_on = date_field(_("held on"), required=True, kind="event")
    theme = forms.CharField(label=_("theme"), max_length=100)
    attendees = forms.CharField(label=_("attendees"), widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("Owners (with their units), the owners' committee, office staff."))
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self, user=user)
        if not self.is_bound:
            self.initial.setdefault("estate", only_estate(user))


class FollowUpForm(forms.Form):
    item = forms.CharField(label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("who follows it up"), max_length=50)
    due_on = date_field(_("by"), required=True, kind="plan")


class BaseFollowUpFormSet(forms.BaseFormSet):
    def entries(self):
        """The filled-in rows as the service takes them (empty rows skipped)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


FollowUpFormSet = forms.formset_factory(FollowUpForm, formset=BaseFollowUpFormSet, extra=FOLLOW_UP_ROWS)


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 2}))
