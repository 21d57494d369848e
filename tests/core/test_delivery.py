"""Issue 10: notices leave the app by pluggable channels — e-mail and the department's group-chat
webhook (企业微信 / 钉钉 group robot), tested against a local HTTP server, never a real one."""

import http.server
import json
import threading

import pytest

from core import delivery, tasks
from core.notifications import notify
from tests.factories import DepartmentFactory


class Robot(http.server.BaseHTTPRequestHandler):
    """A group robot: answers each POST with the next status in `replies`, keeps what it got."""

    received = []
    replies = []

    def do_POST(self):  # noqa: N802 - the http.server name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(json.loads(body))
        status = type(self).replies.pop(0) if type(self).replies else 200
        answer = json.dumps({"errcode": 0 if status == 200 else 500, "errmsg": "ok"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    Robot.received, Robot.replies = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=test", Robot
    server.shutdown()


@pytest.mark.django_db
def test_a_department_notice_is_posted_to_its_group_chat(robot, supervisor, django_capture_on_commit_callbacks):
    url, server = robot
    department = DepartmentFactory(name="保安部", webhook_url=url)
    with django_capture_on_commit_callbacks(execute=True):
        notify([supervisor], message="TS2026-00001：签收已超时", url="/complaints/1/", department=department)
    assert server.received == [{"msgtype": "text", "text": {"content": "TS2026-00001：签收已超时\n/complaints/1/"}}]


@pytest.mark.django_db
def test_a_keyed_notice_already_sent_is_not_posted_again(robot, supervisor, django_capture_on_commit_callbacks):
    url, server = robot
    department = DepartmentFactory(name="保安部", webhook_url=url)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify([supervisor], message="超时", key="complaint:1:sign:x:overdue", department=department)
    assert len(server.received) == 1


def test_a_failed_post_is_retried_and_logged(robot, monkeypatch, caplog):
    url, server = robot
    server.replies = [500, 500, 200]
    monkeypatch.setattr(tasks.post_webhook.task_class, "default_retry_delay", 0)
    tasks.post_webhook(url, "测试")
    assert len(server.received) == 3  # two failures, then delivered
    assert "webhook" in caplog.text and "failed" in caplog.text
    assert tasks.post_webhook.retries == tasks.WEBHOOK_RETRIES


def test_a_robot_that_refuses_the_message_is_a_failure(robot):
    url, server = robot
    server.replies = [500]
    with pytest.raises(delivery.WebhookError):
        delivery.post_webhook(url, "测试")


@pytest.mark.django_db
def test_a_broken_robot_never_holds_up_the_save(supervisor, django_capture_on_commit_callbacks):
    department = DepartmentFactory(name="保安部", webhook_url="http://127.0.0.1:9/nothing-listens-here")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([supervisor], message="急救", department=department)
    assert len(created) == 1
