"""Demo logins, one per role (listed in the README)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import Role

DEMO_PASSWORD = "desk2026"  # noqa: S105 - demo data only, documented in the README
DEMO_USERS = [
    # username, full name (Chinese, as the office writes it), role
    ("clerk", "王丽", Role.CLERK),
    ("head_eng", "李强", Role.DEPARTMENT_HEAD),
    ("head_sec", "赵刚", Role.DEPARTMENT_HEAD),
    ("supervisor", "陈静", Role.SUPERVISOR),
    ("manager", "刘洋", Role.MANAGER),
    # Issue 12: reviews survey plans before the general manager approves them (SPEC §5); every estate.
    ("vgm", "黄志强", Role.VICE_GENERAL_MANAGER),
    ("gm", "周建国", Role.GENERAL_MANAGER),
    ("quality", "孙敏", Role.QUALITY),
    # Issue 14: the second estate's office (锦华广场) has its own front desk, supervisor and manager.
    ("clerk_jhg", "林芳", Role.CLERK),
    ("supervisor_jhg", "吴磊", Role.SUPERVISOR),
    ("manager_jhg", "郑华", Role.MANAGER),
]


def load(stdout):
    User = get_user_model()
    for username, full_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "email": f"{username}@example.com", "is_staff": role != Role.CLERK},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            stdout.write(f"  user {username} ({role.label})")
        user.groups.add(Group.objects.get(name=role.value))
