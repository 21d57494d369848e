import pytest

from core.navigation import nav_items_for


def flatten(groups):
    return [child["url"] for group in groups for child in (group["children"] or [group])]


@pytest.mark.django_db
def test_navigation_shows_each_role_only_links_it_may_open(client, clerk, quality, manager):
    """Every link in the bar opens for that role: never a dead link, never a 403."""
    for user in (clerk, quality, manager):
        client.force_login(user)
        for url in flatten(nav_items_for(user)):
            assert client.get(url).status_code == 200, (user.username, url)


@pytest.mark.django_db
def test_registry_is_in_the_navigation_bar(client_for, clerk):
    html = client_for(clerk).get("/").content.decode()
    assert "档案" in html and "/registry/units/" in html
