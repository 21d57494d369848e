import os
import shutil

import pytest

from core.roles import Role
from tests.factories import UserFactory

# pytest-playwright's sync API keeps an asyncio loop running in the main thread; without this
# every ORM call in a browser test fails with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
CHROMIUM_MISSING = not os.path.exists(CHROMIUM)


def pytest_collection_modifyitems(config, items):
    if not CHROMIUM_MISSING:
        return
    skip = pytest.mark.skip(
        reason="Chromium not found: browser tests skipped (apt-get install chromium fonts-wqy-microhei)"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if CHROMIUM_MISSING:
        terminalreporter.write_line(
            "NOTE: Chromium is not installed, so the browser (e2e) tests were skipped.", yellow=True
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True, scope="session")
def worker_tasks_run_inline():
    """Tasks for the worker (webhook posts) run at once in tests: no worker process, no queue file."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Every role user hashes a password; Django's real hasher makes the suite several times slower.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    def make(role=None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def clerk(make_user):
    return make_user(Role.CLERK, username="t_clerk")


@pytest.fixture
def department_head(make_user):
    return make_user(Role.DEPARTMENT_HEAD, username="t_head")


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, username="t_supervisor")


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER, username="t_manager")


@pytest.fixture
def general_manager(make_user):
    return make_user(Role.GENERAL_MANAGER, username="t_gm")


@pytest.fixture
def quality(make_user):
    return make_user(Role.QUALITY, username="t_quality")


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
