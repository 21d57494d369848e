"""The UI is Chinese by default, English on request, and every string is translated."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import PASSWORD

PO_FILES = sorted(Path(settings.BASE_DIR).glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
PO_FILES = [path for path in PO_FILES if ".venv" not in path.parts]


def test_there_are_translation_catalogs():
    assert len(PO_FILES) >= 3


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_string_has_a_chinese_translation_and_none_is_fuzzy(path):
    po = polib.pofile(str(path))
    assert not po.metadata_is_fuzzy, "remove the '#, fuzzy' flag from the header"
    untranslated = [entry.msgid for entry in po if not entry.obsolete and not entry.translated()]
    assert untranslated == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalog_is_current(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), "run `make setup` (compilemessages)"
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(mo))}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.pofile(str(path)) if e.translated()}
    assert compiled == source | {k: v for k, v in compiled.items() if k == (None, "")}


def test_the_same_text_is_translated_the_same_way_everywhere():
    """Django merges all catalogs into one; a msgid translated two ways shows one of them at random
    places. Use pgettext (a context) where the same English word means two things."""
    seen, clashes = {}, []
    for path in PO_FILES:
        for entry in polib.pofile(str(path)):
            if not entry.translated():
                continue
            key = (entry.msgctxt, entry.msgid)
            text = entry.msgstr or entry.msgstr_plural.get(0)
            if key in seen and seen[key][0] != text:
                clashes.append((key, seen[key], (text, str(path))))
            seen.setdefault(key, (text, str(path)))
    assert clashes == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client_for, clerk):
    html = client_for(clerk).get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "查找房号或住户" in html and "物业管理处服务台" in html


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    html = client.get("/accounts/login/").content.decode()
    assert "登录" in html and "用户名" in html


@pytest.mark.django_db
def test_english_is_available_through_the_language_switch(client_for, clerk):
    client = client_for(clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Find a unit or resident" in html


def test_time_zone_and_language_settings():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_switches(client_for, clerk):
    client = client_for(clerk)
    assert "查找房号或住户" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Find a unit or resident" in client.get("/").content.decode()


@pytest.mark.django_db
def test_password_change_and_logout_work_in_chinese(client_for, clerk):
    client = client_for(clerk)
    html = client.get("/accounts/password_change/").content.decode()
    assert "修改密码" in html and "旧密码" in html
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Qz8!front-desk", "new_password2": "Qz8!front-desk"},
    )
    assert response.status_code == 302
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_the_error_page_is_chinese_with_a_way_back(rf):
    from django.views.defaults import server_error

    html = server_error(rf.get("/")).content.decode()
    assert "出错了" in html and 'href="/"' in html and "返回我的工作台" in html


@pytest.mark.django_db
def test_dates_are_shown_and_typed_as_year_month_day_hours_minutes_in_both_languages():
    import datetime

    from django.utils import formats, translation

    from core.forms import datetime_field

    moment = datetime.datetime(2026, 11, 23, 14, 30)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert formats.date_format(moment, "DATETIME_FORMAT") == "2026-11-23 14:30"
            field = datetime_field("x")
            assert field.clean("2026-11-23 14:30").replace(tzinfo=None) == moment
            assert 'placeholder="2026-11-23 14:30"' in field.widget.render("x", None)


@pytest.mark.django_db
def test_dates_outside_a_plausible_range_are_refused_with_a_message_next_to_the_field(client_for, clerk):
    from complaints.models import Complaint

    for value, message in [("0001-01-01 00:00", "2000"), ("9999-12-31 00:00", "2000"), ("2099-01-01 10:00", "将来")]:
        response = client_for(clerk).post("/complaints/new/", {
            "channel": "phone", "complainant_name": "路人", "complainant_phone": "13900000000",
            "description": "噪音", "validity": "valid", "level": "minor", "occurred_at": value,
        })
        assert response.status_code == 200 and message in str(response.context["form"].errors["occurred_at"]), value
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_control_characters_are_dropped_from_what_staff_type(client_for, clerk):
    from complaints.models import Complaint
    from tests.factories import EstateFactory

    client_for(clerk).post("/complaints/new/", {
        "estate": EstateFactory().pk, "channel": "phone", "complainant_name": "路\x1b人", "complainant_phone": "13900000000",
        "description": "楼道\x0b灯坏\x00了\n三天", "validity": "valid", "level": "minor",
    })
    complaint = Complaint.objects.get()
    assert (complaint.complainant_name, complaint.description) == ("路人", "楼道灯坏了\n三天")
