import os
import statistics
import time
import tracemalloc
from contextlib import contextmanager

from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def measure(label):
    """Print wall time and peak Python memory of the block."""
    tracemalloc.start()
    start = time.perf_counter()
    result = {}
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start
        result["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1_000_000
        tracemalloc.stop()
        print(f"\nBENCH {label}: {result['seconds'] * 1000:.1f} ms, peak {result['peak_mb']:.1f} MB")


class QueryRecorder:
    """Every SQL statement a block sends, with its parameters, so it can be replayed bare."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params, many))
        return execute(sql, params, many, context)

    def __len__(self):
        return len(self.statements)


def timed(function, *, repeat=1):
    """(median seconds over `repeat` runs, statements of the last run, its result)."""
    times, recorder, result = [], None, None
    for _ in range(repeat):
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
    return statistics.median(times), recorder, result


def bare_sql_seconds(recorder, *, repeat=1):
    """The same statements on a raw cursor, every row fetched: the floor under any page."""
    statements = [(sql, params) for sql, params, many in recorder.statements
                  if not many and sql.lstrip().upper().startswith("SELECT")]

    def replay():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return timed(replay, repeat=repeat)[0]
