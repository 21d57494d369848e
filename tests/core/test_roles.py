"""Each role reaches what it should and gets 403 elsewhere — enforced by the server."""

import pytest

from core.roles import Role


@pytest.mark.django_db
def test_a_user_without_a_role_sees_nothing_of_the_registry(client, make_user):
    client.force_login(make_user(None))
    assert client.get("/registry/units/").status_code == 403
    assert client.get("/registry/lookup/?q=1").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/registry/units/", "/registry/export.xlsx", "/notifications/"])
def test_every_page_requires_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_role_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.prefetch_related("permissions")}
    assert set(groups) >= {role.value for role in Role}
    codenames = {name: {p.codename for p in group.permissions.all()} for name, group in groups.items()}
    assert "change_resident" in codenames["clerk"]
    assert "change_resident" not in codenames["quality"]
    assert "view_residentaccesslog" in codenames["manager"]
    assert "view_residentaccesslog" not in codenames["clerk"]


@pytest.mark.django_db
def test_supervisor_landing_page_is_claimed_by_an_app_or_the_front_desk(client_for, clerk):
    response = client_for(clerk).get("/start/")
    assert response.status_code == 302 and response["Location"] == "/"
