import os
import time
import tracemalloc
from contextlib import contextmanager

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
