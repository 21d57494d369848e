import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from core.numbering import next_number

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


@pytest.mark.django_db
def test_numbers_are_consecutive_per_prefix_and_year():
    at = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=SHANGHAI)
    assert next_number("TS", at=at) == "TS2026-00001"
    assert next_number("TS", at=at) == "TS2026-00002"
    assert next_number("QZ", at=at) == "QZ2026-00001"


@pytest.mark.django_db
def test_numbering_restarts_each_year_in_local_time():
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Shanghai.
    next_number("TS", at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    assert next_number("TS", at=datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)) == "TS2027-00001"


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_when_clerks_save_at_the_same_moment():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (run with DATABASE_URL=postgres://…)")
    from django.db import connections, transaction

    results, errors = [], []
    barrier = threading.Barrier(8)

    def save_one():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(next_number("TS"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 8
    assert sorted(int(number[-5:]) for number in results) == list(range(1, 9))
