"""Load test (issue 15): 20 clerks at once through gunicorn on PostgreSQL, bounded in time, 127.0.0.1 only.

    make load                      # or: .venv/bin/python benchmarks/load.py --clerks 20 --seconds 60

It makes a fresh database `desk_load` on the local PostgreSQL, migrates it, loads the demo data and one
login per clerk, starts gunicorn on 127.0.0.1, and lets each clerk do what the front desk does all day,
as a browser does it: open the desk, open the help-request form for a resident, save a repair and see
the saved record, each page followed by the to-do badge it loads. Two phases: clerks pausing 1-3 s
between steps (faster than any real clerk), then no pause at all (the machine's capacity). Each prints
p50/p95 per step and overall against the goal, requests per second and errors, then checks the
database: every save the clerks saw succeed is there, and no record number is given twice.
"""

import argparse
import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "desk_load"
PASSWORD = "load-2026-pass"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def environment(port):
    return os.environ | {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}", "DEBUG": "0",
        "SECRET_KEY": "load-test-only-not-secret", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "HUEY_IMMEDIATE": "1",
    }


def prepare(clerks, env):
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    run = lambda *args: subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: E731
    run("migrate", "--noinput", "-v", "0")
    run("collectstatic", "--noinput", "-v", "0")
    run("seed_demo")
    # Each load clerk is posted where the demo clerk is (issue 14): a clerk with no posting may save nothing.
    script = (
        "from django.contrib.auth.models import Group; from django.contrib.auth import get_user_model;"
        "from residents.models import StaffPosting\n"
        f"group = Group.objects.get(name='clerk'); User = get_user_model()\n"
        "model = StaffPosting.objects.get(user__username='clerk')\n"
        f"for n in range({clerks}):\n"
        f"    user, _ = User.objects.get_or_create(username=f'load{{n}}', defaults={{'first_name': f'接待{{n}}'}})\n"
        f"    user.set_password('{PASSWORD}'); user.save(); user.groups.add(group)\n"
        "    posting, _ = StaffPosting.objects.get_or_create(user=user, defaults={'all_estates': model.all_estates})\n"
        "    posting.estates.set(model.estates.all())\n"
    )
    run("shell", "-c", script)


class Clerk(threading.Thread):
    """One clerk in a browser: each page, then the to-do badge the page loads at once (htmx, base.html),
    then a pause to read or type before the next step."""

    def __init__(self, number, base, until, callers, pause, results, tag):
        super().__init__(daemon=True)
        self.number, self.base, self.until, self.callers, self.pause = number, base, until, callers, pause
        self.tag = tag
        self.timings, self.errors, self.saved = results
        self.random = random.Random(number)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, step, path, data=None):
        started = time.perf_counter()
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                text = response.read().decode()
                url = response.geturl()
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            self.errors.append(f"{step}: {error}")
            return None, None
        self.timings.setdefault(step, []).append(time.perf_counter() - started)
        return text, url

    def page(self, step, path, data=None):
        text, url = self.request(step, path, data)
        if text is not None:
            self.request("to-do badge", "/desk/todo/")
        low, high = self.pause
        if high:
            time.sleep(self.random.uniform(low, high))
        return text, url

    def run(self):
        page, _url = self.request("login page", "/accounts/login/")
        if page is None:
            return
        _page, url = self.page("log in", "/accounts/login/", {
            "csrfmiddlewaretoken": CSRF.search(page)[1], "username": f"load{self.number}", "password": PASSWORD,
        })
        if url is None or "/accounts/login/" in url:
            self.errors.append(f"log in: refused ({url})")
            return
        turn = 0
        while time.monotonic() < self.until:
            unit, resident = self.callers[(self.number + turn) % len(self.callers)]
            turn += 1
            if self.page("desk", "/")[0] is None:
                continue
            form, _url = self.page("open form", f"/requests/new/?unit={unit}&resident={resident}")
            if form is None:
                continue
            matter = f"负载测试 {self.tag}-{turn} 厨房水龙头漏水"
            saved, url = self.page("save", f"/requests/new/?unit={unit}&resident={resident}", {
                "csrfmiddlewaretoken": CSRF.search(form)[1], "unit": unit, "resident": resident, "channel": "phone",
                "category": "repair", "matter": matter,
            })
            if saved is not None and re.search(r"/requests/\d+/$", url or ""):
                self.saved.append(matter)
            elif saved is not None:
                self.errors.append(f"save: not saved ({url})")


def wait_for(url, server):
    """Until our gunicorn answers (refuse to measure a stale server left on the port)."""
    for _attempt in range(60):
        if server.poll() is not None:
            sys.exit(f"gunicorn did not start (port busy?), exit code {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (the worker check may fail: no worker runs during the load test)
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# Issue 15's goal for 20 clerks at once.
GOAL_P95_SECONDS = 0.5


def parse_pause(text):
    """'1-3' -> (1.0, 3.0) seconds between a clerk's steps; '0' -> no pause at all."""
    low, _dash, high = text.partition("-")
    return float(low), float(high or low)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60, help="of each phase")
    # A clerk reads the desk, listens to the caller and types the matter: tens of seconds a record in a
    # real office. 1-3 s between steps is a clerk saving a record every ~8 s, several times a busy
    # morning. Pause 0 is no clerk at all: the machine at full stretch, its capacity in requests/s.
    parser.add_argument("--pauses", default="1-3,0", help="seconds between steps, one phase each (default: 1-3,0)")
    # The README's production command: two workers a core, and one more.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    env = environment(args.port)
    prepare(args.clerks, env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from core.estates import scoped
    from residents.models import Occupancy

    # Callers from the estates the load clerks work for.
    clerk = get_user_model().objects.get(username="load0")
    callers = list(scoped(Occupancy.objects.current(), clerk).values_list("unit_id", "resident_id")[:50])
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    failed = False
    try:
        wait_for(f"http://127.0.0.1:{args.port}/healthz", server)
        for phase, text in enumerate(args.pauses.split(",")):
            pause = parse_pause(text)
            results = ({}, [], [])
            started = time.monotonic()
            clerks = [Clerk(n, f"http://127.0.0.1:{args.port}", started + args.seconds, callers, pause, results,
                            tag=f"{phase}-{n}") for n in range(args.clerks)]
            for clerk in clerks:
                clerk.start()
            for clerk in clerks:
                clerk.join()
            failed |= report(*results, time.monotonic() - started, pause, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.exit(1 if failed else 0)


def report(timings, errors, saved, elapsed, pause, args):
    """Print one phase's table; True when a request failed or a save is missing or a number repeats."""
    from django.db.models import Count

    from requests_app.models import HelpRequest

    everything = [t for values in timings.values() for t in values]
    paced = f"{pause[0]:g}-{pause[1]:g} s between steps" if pause[1] else "no pause (full stretch)"
    print(f"\n{args.clerks} clerks, {paced}; {args.workers} gunicorn workers, {elapsed:.0f} s, PostgreSQL")
    print(f"{'step':<14}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for step, values in [*timings.items(), ("all", everything)]:
        print(f"{step:<14}{len(values):>10}{percentile(values, .5) * 1000:>10.0f}{percentile(values, .95) * 1000:>10.0f}")
    p95 = percentile(everything, .95)
    verdict = "met" if p95 <= GOAL_P95_SECONDS else "NOT met"
    print(f"throughput: {len(everything) / elapsed:.1f} requests/s; errors: {len(errors)}; "
          f"p95 {p95 * 1000:.0f} ms against the goal of {GOAL_P95_SECONDS * 1000:.0f} ms: {verdict}")
    for error in errors[:10]:
        print("  ", error)
    stored = set(HelpRequest.objects.filter(matter__startswith="负载测试").values_list("matter", flat=True))
    missing = [matter for matter in saved if matter not in stored]
    duplicates = HelpRequest.objects.values("number").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(f"saves seen: {len(saved)}; missing: {len(missing)}; duplicate numbers: {duplicates}")
    return bool(errors or missing or duplicates)


if __name__ == "__main__":
    main()
