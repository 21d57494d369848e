"""The one read of a survey's answers that the results, the workbook and rectification share.

Each is a grouped query over an index (Answer: plan, item, rating; SurveyForm: plan, returned_at), so
its cost follows the number of items and levels, not the number of forms."""

from collections import defaultdict

from django.db.models import Count, Q

from surveys.models import Answer, SurveyForm


def item_counts(plan):
    """{item pk: {rating: answers}} for every rated item of the plan (one query)."""
    counts = defaultdict(dict)
    rows = Answer.objects.filter(plan=plan).values_list("item", "rating").annotate(n=Count("pk")).order_by()
    for item, rating, n in rows:
        counts[item][rating] = n
    return dict(counts)


def form_counts(plan):
    """(forms sent, forms returned) of the plan (one query)."""
    totals = SurveyForm.objects.filter(plan=plan).aggregate(
        sent=Count("pk"), returned=Count("pk", filter=Q(returned_at__isnull=False))
    )
    return totals["sent"], totals["returned"]
