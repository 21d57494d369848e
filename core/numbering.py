"""Human-readable record numbers per record type and year, e.g. TS2026-00042 (SPEC §4: every
complaint gets a number, used on its notice and register entries)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import Sequence

NUMBER_DIGITS = 5


def next_number(prefix, *, at=None):
    """Return the next number for `prefix` in the year of `at` (local time).

    The UPDATE takes the row lock, so two clerks saving at the same moment queue up and get
    consecutive numbers; the read after it sees this transaction's own increment.
    """
    year = timezone.localtime(at or timezone.now()).year
    # Inside the caller's transaction no savepoint is needed: its rollback takes the number back too.
    with transaction.atomic(savepoint=False):
        Sequence.objects.bulk_create([Sequence(prefix=prefix, year=year)], ignore_conflicts=True)
        Sequence.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
        last = Sequence.objects.filter(prefix=prefix, year=year).values_list("last", flat=True).get()
    return f"{prefix}{year}-{last:0{NUMBER_DIGITS}d}"
