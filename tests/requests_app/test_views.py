from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.channels import Channel
from core.people import display_name
from requests_app import services
from requests_app.models import Category, HelpRequest, Status

pytestmark = pytest.mark.django_db
NEW = reverse("requests_app:create")


def _post(client, **data):
    base = {"channel": Channel.VISIT, "category": Category.OTHER, "matter": "帮忙搬家具"}
    return client.post(NEW, base | data)


def test_clerk_logs_a_registered_resident(client_for, clerk, resident, unit):
    response = _post(client_for(clerk), resident=resident.pk, category=Category.REPAIR, responsibility="Z")
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == help_request.get_absolute_url()
    assert (help_request.resident, help_request.unit, help_request.estate) == (resident, unit, unit.building.estate)
    assert help_request.received_by == clerk
    assert help_request.repair_order.responsibility == "Z"


def test_clerk_logs_an_unregistered_caller_by_name_and_phone(client_for, clerk, unit):
    estate = unit.building.estate
    _post(client_for(clerk), estate=estate.pk, caller_name="李先生", caller_phone="0755-12345678")
    help_request = HelpRequest.objects.get()
    assert (help_request.caller_name, help_request.caller_phone, help_request.resident) == ("李先生", "0755-12345678", None)


def test_unregistered_caller_needs_a_valid_phone(client_for, clerk, unit):
    response = _post(client_for(clerk), estate=unit.building.estate.pk, caller_name="李先生", caller_phone="12")
    assert response.status_code == 200
    assert "caller_phone" in response.context["form"].errors
    assert not HelpRequest.objects.exists()


def test_emergency_requires_patient_address_and_phone(client_for, clerk, resident):
    response = _post(client_for(clerk), resident=resident.pk, category=Category.EMERGENCY, matter="老人晕倒")
    errors = response.context["form"].errors
    assert {"patient_address", "patient_phone", "emergency_choice"} <= set(errors)
    assert not HelpRequest.objects.exists()


def test_q_repair_names_the_external_party(client_for, clerk, resident):
    response = _post(client_for(clerk), resident=resident.pk, category=Category.REPAIR, responsibility="Q")
    assert "vendor" in response.context["form"].errors


def test_fee_needs_the_paid_service_flag(client_for, clerk, resident):
    response = _post(client_for(clerk), resident=resident.pk, fee="30")
    assert "paid_service" in response.context["form"].errors


def test_a_negative_fee_is_refused_next_to_the_field(client_for, clerk, resident):
    response = _post(client_for(clerk), resident=resident.pk, paid_service="on", fee="-30")
    assert "fee" in response.context["form"].errors


def test_the_form_offers_the_five_desk_channels(client_for, clerk):
    form = client_for(clerk).get(NEW).context["form"]
    assert [value for value, _label in form.fields["channel"].choices] == [
        "visit", "phone", "letter", "suggestion_box", "online",
    ]


def test_lookup_on_the_form_fills_the_caller_in_place(client_for, clerk, resident, unit):
    """Issue 11: the form's lookup answers with a fragment of callers to pick (no page reload)."""
    response = client_for(clerk).get(reverse("residents:lookup"), {"q": "3-1202", "mode": "pick"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "data-fill=" in html and "张伟华" in html
    [caller] = response.context["callers"]
    assert caller.fill["unit"] == unit.pk and caller.fill["resident"] == resident.pk
    assert caller.fill["caller_phone"] == "13812345678" and caller.fill["estate"] == unit.building.estate_id


def test_form_opened_for_a_caller_starts_filled(client_for, clerk, resident, unit):
    form = client_for(clerk).get(NEW, {"unit": unit.pk, "resident": resident.pk}).context["form"]
    assert form["caller_name"].value() == "张伟华" and form["estate"].value() == unit.building.estate_id
    assert form["patient_phone"].value() == "13812345678"


@pytest.mark.parametrize(
    ("category", "kwargs", "text"),
    [
        (Category.EMERGENCY, {}, "小区入口值班保安"),
        (Category.REPAIR, {}, "试用期"),
        (Category.COMPLAINT, {}, "致歉"),
        (Category.INQUIRY, {"channel": Channel.LETTER}, "两日内书面回复"),
        (Category.SECURITY, {}, "突发事件"),
        (Category.DISASTER, {}, "火警火灾"),
        (Category.OTHER, {}, "有偿服务"),
    ],
)
def test_detail_page_says_what_to_do_next_for_the_category(category, kwargs, text, make_request, client_for, clerk):
    help_request = make_request(category, **kwargs)
    html = client_for(clerk).get(help_request.get_absolute_url()).content.decode()
    assert text in html


def test_list_runs_a_fixed_number_of_queries(make_request, client_for, clerk, django_assert_max_num_queries):
    client = client_for(clerk)
    for _ in range(3):
        make_request(Category.REPAIR)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("requests_app:list"))
    for _ in range(27):
        make_request()
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("requests_app:list"))
    assert len(response.context["page_obj"]) == 30


def test_list_filters_by_category_and_overdue(make_request, client_for, clerk, now):
    repair = make_request(Category.REPAIR)
    late = services.refer_to_supervisor(help_request=make_request(), by=clerk, now=timezone.now() - timedelta(minutes=10))
    client = client_for(clerk)
    by_category = client.get(reverse("requests_app:list"), {"category": "repair"}).context["page_obj"]
    assert list(by_category) == [repair]
    overdue = client.get(reverse("requests_app:list"), {"overdue": "on"}).context["page_obj"]
    assert list(overdue) == [late]


def test_list_filters_by_date_range(make_request, client_for, clerk, now):
    old = make_request(at=now - timedelta(days=3))
    make_request(at=now)
    day = timezone.localtime(old.received_at).date().isoformat()
    page = client_for(clerk).get(reverse("requests_app:list"), {"received_after": day, "received_before": day}).context["page_obj"]
    assert list(page) == [old]


def test_overdue_request_shows_on_the_supervisor_page(make_request, client_for, clerk, supervisor):
    late = services.refer_to_supervisor(help_request=make_request(), by=clerk, now=timezone.now() - timedelta(minutes=6))
    response = client_for(supervisor).get(reverse("requests_app:supervisor"))
    assert list(response.context["board"]["overdue"]) == [late]
    assert late.number in response.content.decode()


def test_action_runs_the_service(make_request, client_for, clerk):
    help_request = make_request()
    url = reverse("requests_app:action", args=[help_request.pk, "refer"])
    client_for(clerk).post(url, {"refer-note": "住户要求赔偿"})
    help_request.refresh_from_db()
    assert help_request.status == Status.REFERRED and help_request.reply_due_at


def test_action_not_allowed_now_is_refused(make_request, client_for, clerk):
    help_request = make_request()
    client_for(clerk).post(reverse("requests_app:action", args=[help_request.pk, "close"]))
    help_request.refresh_from_db()
    assert help_request.status == Status.RECEIVED


def test_bad_action_input_is_shown_next_to_the_field(make_request, client_for, clerk):
    help_request = make_request()
    response = client_for(clerk).post(reverse("requests_app:action", args=[help_request.pk, "reply"]), {"reply-reply": ""})
    assert response.status_code == 200
    bound = dict((action.name, form) for action, form in response.context["actions"])["reply"]
    assert "reply" in bound.errors


def test_clerk_cannot_sign_off(make_request, client_for, clerk, now):
    help_request = make_request(answer="已答复")
    services.close_request(help_request=help_request, by=clerk, now=now)
    response = client_for(clerk).post(reverse("requests_app:action", args=[help_request.pk, "sign-off"]))
    assert response.status_code == 403


def test_clerk_is_refused_a_change_to_an_archived_record(make_request, client_for, clerk, now):
    help_request = make_request(at=now.replace(year=now.year - 1))
    client = client_for(clerk)
    response = client.post(reverse("requests_app:action", args=[help_request.pk, "reply"]), {"reply-reply": "x"})
    assert response.status_code == 403
    assert client.get(help_request.get_absolute_url()).context["actions"] == []


def test_manager_may_change_an_archived_record(make_request, client_for, manager, now):
    help_request = make_request(at=now.replace(year=now.year - 1))
    client_for(manager).post(reverse("requests_app:action", args=[help_request.pk, "reply"]), {"reply-reply": "x"})
    help_request.refresh_from_db()
    assert help_request.status == Status.REPLIED


def test_nothing_is_deleted_by_the_app(admin_client, make_request):
    help_request = make_request()
    assert admin_client.post(reverse("admin:requests_app_helprequest_delete", args=[help_request.pk])).status_code == 403
    assert HelpRequest.objects.filter(pk=help_request.pk).exists()


def test_quality_sees_callers_masked(make_request, client_for, quality, resident):
    help_request = make_request(resident=resident)
    html = client_for(quality).get(help_request.get_absolute_url()).content.decode()
    assert "张伟华" not in html and "13812345678" not in html
    assert "张**" in html


def test_detail_links_the_complaint(make_request, client_for, clerk):
    help_request = make_request(Category.COMPLAINT)
    html = client_for(clerk).get(help_request.get_absolute_url()).content.decode()
    assert f'href="{reverse("complaints:detail", args=[help_request.complaint_id])}"' in html
    assert help_request.complaint.number in html


def test_department_head_records_only_their_own_departments_repairs(
    make_request, client_for, engineering, security, now
):
    help_request = make_request(Category.REPAIR)
    data = {"complete-repair-work_done": "更换阀芯", "complete-repair-verdict": "satisfied", "complete-repair-trial_run_days": "7"}
    url = reverse("requests_app:action", args=[help_request.pk, "complete-repair"])
    client_for(security.head).post(url, data)
    help_request.refresh_from_db()
    assert help_request.status == Status.RECEIVED
    client_for(engineering.head).post(url, data)
    help_request.refresh_from_db()
    assert help_request.status == Status.HANDLED
    assert help_request.repair_order.verdict == "satisfied"


def test_front_desk_list_marks_the_overdue_request(make_request, client_for, clerk):
    late = services.refer_to_supervisor(help_request=make_request(), by=clerk, now=timezone.now() - timedelta(minutes=6))
    html = client_for(clerk).get(reverse("requests_app:list")).content.decode()
    row = html[html.index(late.number):]
    row = row[: row.index("</tr>")]
    assert "超时" in row


def test_list_filters_by_channel_status_department_estate_and_receptionist(
    make_request, client_for, clerk, make_user, engineering, now
):
    other_clerk = make_user("clerk", username="t_clerk2")
    target = make_request(Category.REPAIR, channel=Channel.LETTER, by=other_clerk)
    services.record_reply(help_request=target, by=other_clerk, reply="好", now=now)
    make_request(channel=Channel.PHONE)
    client = client_for(clerk)
    for params in [
        {"channel": "letter"},
        {"status": "replied"},
        {"department": engineering.pk},
        {"received_by": other_clerk.pk},
        {"estate": target.estate_id, "channel": "letter"},
    ]:
        assert list(client.get(reverse("requests_app:list"), params).context["page_obj"]) == [target], params


def test_quality_cannot_change_a_record(make_request, client_for, quality):
    help_request = make_request()
    response = client_for(quality).post(reverse("requests_app:action", args=[help_request.pk, "refer"]))
    assert response.status_code == 403


def test_detail_names_each_staff_member_in_one_query(make_request, client_for, clerk, supervisor, engineering,
                                                   django_assert_max_num_queries):
    """Issue 15: the staff a record names are read together (core.people.attach_staff), not joined one by
    one: the same queries whoever has acted on it."""
    fresh = make_request(Category.OTHER)
    client = client_for(supervisor)
    client.get(fresh.get_absolute_url())
    with django_assert_max_num_queries(40) as before:
        client.get(fresh.get_absolute_url())
    worked = make_request(Category.OTHER)
    services.record_reply(help_request=worked, by=clerk, reply="已答复")
    services.assign_request(help_request=worked, by=supervisor, department=engineering)
    services.handle_request(help_request=worked, by=engineering.head, result="已处理")
    services.close_request(help_request=worked, by=clerk)
    services.sign_off(help_request=worked, by=supervisor)
    with django_assert_max_num_queries(len(before)):
        html = client.get(worked.get_absolute_url()).content.decode()
    for person in (clerk, engineering.head, supervisor):
        assert display_name(person) in html
