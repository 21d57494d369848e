"""Issue 15: the complaint list's count (the paginator's) is served by an index, not a scan of the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EstateFactory


def _count_sql(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("complaints:list")).status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "complaints_complaint" in q["sql"]]
    assert counts, "the list counts its rows"
    return counts[0]


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("posted", [False, True], ids=["every estate", "one estate"])
def test_complaint_list_count_is_served_by_an_index(client, make_user, posted):
    estate = EstateFactory()
    user = make_user("clerk", username="counter", estates=[estate] if posted else None)
    client.force_login(user)
    sql = _count_sql(client)
    assert "JOIN" not in sql.upper(), "the count joins nothing: the annotations are for the page's rows"
    plan = _plan(sql)
    assert "INDEX" in plan, plan
