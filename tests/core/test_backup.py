"""Issue 14, backup and restore: `manage.py backup` / `manage.py restore` round-trip the demo data and
the media files on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), and the
demo users log in afterwards. Runs the real commands in a scratch database, as an operator would."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
FACTS = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
from complaints.models import Complaint
from residents.models import Department, Occupancy, Resident, Unit
client = Client(HTTP_HOST="localhost")
login = client.post("/accounts/login/", {"username": "clerk", "password": "desk2026"})
desk = client.get("/")
print(json.dumps({
    "counts": [model.objects.count() for model in (get_user_model(), Unit, Resident, Occupancy, Department, Complaint)],
    "residents": sorted(Resident.objects.values_list("name", "phone")),
    "login": [login.status_code, login.get("Location"), desk.status_code, "物业管理处服务台" in desk.content.decode()],
}))
"""


@pytest.fixture
def scratch_database(tmp_path):
    """DATABASE_URL of an empty database of the suite's own kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'office.sqlite3'}"
        return
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"backup_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(host=config["HOST"] or "localhost", port=config["PORT"] or 5432, user=config["USER"],
                            password=config["PASSWORD"] or None, dbname="postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_backup_and_restore_round_trip_the_demo_data_and_media_and_users_log_in_afterwards(scratch_database, tmp_path):
    media, backups = tmp_path / "media", tmp_path / "backups"
    env = os.environ | {"DEBUG": "1", "DATABASE_URL": scratch_database, "MEDIA_ROOT": str(media),
                        "BACKUP_DIR": str(backups), "HUEY_IMMEDIATE": "1"}

    def manage(*args):
        result = subprocess.run([sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def facts():
        return json.loads(manage("shell", "--no-imports", "-c", FACTS).strip().splitlines()[-1])

    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    (media / "downloads").mkdir(parents=True)
    (media / "downloads" / "投诉统计.xlsx").write_bytes(b"PK workbook")
    before = facts()
    assert before["login"] == [302, "/start/", 200, True] and before["counts"][2] > 0

    manage("backup")
    assert len(list(backups.glob("*.tar.gz"))) == 1  # the media files
    assert len([path for path in backups.iterdir() if not path.name.endswith((".tar.gz", ".metadata"))]) == 1

    # The office loses its data: every table emptied, the kept files gone.
    manage("flush", "--noinput")
    (media / "downloads" / "投诉统计.xlsx").unlink()
    assert facts()["counts"] == [0, 0, 0, 0, 0, 0]

    manage("restore", "--noinput")
    assert facts() == before
    assert (media / "downloads" / "投诉统计.xlsx").read_bytes() == b"PK workbook"
