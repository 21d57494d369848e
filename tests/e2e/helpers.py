"""What every browser journey shares: logging in through the real login page, and where screenshots go."""

from pathlib import Path

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def login(page, live_server, username):
    """Log in as `username`, dropping whoever was logged in before (journeys switch roles)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
