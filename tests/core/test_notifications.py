import pytest

from core.models import Notification
from core.notifications import notify


@pytest.mark.django_db
def test_notification_is_in_app_and_by_mail(supervisor, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([supervisor], message="急救：3-1202 病人需送医", url="/requests/1/")
    assert Notification.objects.get(recipient=supervisor).message == "急救：3-1202 病人需送医"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [supervisor.email]


@pytest.mark.django_db
def test_notification_with_a_key_is_sent_once_per_user(supervisor, manager):
    notify([supervisor], message="overdue", key="complaint-1-dispatch-overdue")
    notify([supervisor, manager], message="overdue", key="complaint-1-dispatch-overdue")
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    assert Notification.objects.filter(recipient=manager).count() == 1


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, clerk):
    [note] = notify([clerk], message="hello", url="/registry/units/")
    response = client_for(clerk).post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/registry/units/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.django_db
def test_nobody_opens_someone_elses_notification(client_for, clerk, manager):
    [note] = notify([manager], message="private")
    assert client_for(clerk).post(f"/notifications/{note.pk}/open/").status_code == 404
