"""A returned form's ratings: one row of choices per item, the opinion. The clerk's entry form adds the unit;
the resident's online page uses the same fields. Parsing only: surveys.services.returns validates and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import WorkflowError
from surveys import rules
from surveys.choices import ReturnChannel
from surveys.services.returns import REASON_LENGTH, ReturnInput, already_returned_message, find_form

OPINION_LENGTH = 2000
ITEM_PREFIX = "item_"


class RatingsForm(forms.Form):
    """One radio row per item of the plan's questionnaire, best level first (the number keys: 1 = the best)."""

    opinion = forms.CharField(label=_("opinions and suggestions"), required=False, max_length=OPINION_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 3}))
    respondent = forms.CharField(label=_("respondent (optional)"), required=False, max_length=50)

    channel = ReturnChannel.PAPER

    def __init__(self, *args, plan, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.items = plan, items
        levels = rules.levels(plan.questionnaire.scale)
        self.levels = levels
        for item in items:
            self.fields[f"{ITEM_PREFIX}{item.pk}"] = forms.ChoiceField(
                label=item.name, required=False, widget=forms.RadioSelect,
                choices=[(level.value, level.label) for level in levels],
            )
        self.order_fields([*(f"{ITEM_PREFIX}{item.pk}" for item in items), "opinion", "respondent"])

    def rows(self):
        """[(item, bound field)] for the template's rows."""
        return [(item, self[f"{ITEM_PREFIX}{item.pk}"]) for item in self.items]

    def ratings(self):
        return {item.pk: self.cleaned_data[f"{ITEM_PREFIX}{item.pk}"] for item in self.items
                if self.cleaned_data.get(f"{ITEM_PREFIX}{item.pk}")}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.ratings() and not cleaned.get("opinion", "").strip():
            raise forms.ValidationError(_("Nothing to save: rate at least one item or write down the opinion."))
        return cleaned

    def to_input(self, form):
        return ReturnInput(form=form, ratings=self.ratings(), opinion=self.cleaned_data.get("opinion", ""),
                           respondent=self.cleaned_data.get("respondent", ""), channel=self.channel)


class EntryForm(RatingsForm):
    """The clerk's entry of a paper form: the unit first (typed, or the form's code scanned)."""

    unit = forms.CharField(label=_("unit"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True,
                                                         "placeholder": "3-1202"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["unit", *(f"{ITEM_PREFIX}{item.pk}" for item in self.items), "opinion", "respondent"])
        self.survey_form = None

    def clean_unit(self):
        try:
            self.survey_form = find_form(self.plan, self.cleaned_data["unit"])
        except WorkflowError as error:
            raise forms.ValidationError(error.messages) from None
        if self.survey_form.is_returned:
            raise forms.ValidationError(already_returned_message(self.survey_form))
        return self.cleaned_data["unit"]


class CorrectionForm(RatingsForm):
    """A paper form keyed in wrong, put right: the same rows, filled with what was entered, and why."""

    reason = forms.CharField(label=_("why it is corrected"), max_length=REASON_LENGTH,
                             widget=forms.TextInput(attrs={"placeholder": _("e.g. item 3 keyed as 1, the paper says 3")}))

    @classmethod
    def initial_for(cls, form):
        """The fields as the form stands: its ratings, opinion and respondent."""
        initial = {f"{ITEM_PREFIX}{item_id}": rating for item_id, rating in form.answers.values_list("item_id", "rating")}
        return initial | {"opinion": form.opinion, "respondent": form.respondent}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([*(f"{ITEM_PREFIX}{item.pk}" for item in self.items), "opinion", "respondent", "reason"])


class AnswerForm(RatingsForm):
    """The resident's page: the same rows, answered online."""

    channel = ReturnChannel.ONLINE
