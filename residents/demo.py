"""Demo registry: two estates, a few buildings and units, residents, the office's departments."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from residents.models import Building, Department, Estate, Occupancy, Resident, StaffPosting, Unit

ESTATES = [("HYY", "华悦苑", Decimal("48000")), ("JHG", "锦华广场", Decimal("126000"))]
DEPARTMENTS = [
    ("保安部", Department.Kind.SECURITY, "head_sec"),
    ("工程维护部", Department.Kind.ENGINEERING, "head_eng"),
    ("保洁部", Department.Kind.CLEANING, None),
    ("绿化部", Department.Kind.GREENING, None),
    ("车管部", Department.Kind.PARKING, None),
    ("客服中心", Department.Kind.CUSTOMER_SERVICE, "supervisor"),
    ("品质部", Department.Kind.QUALITY, "quality"),
]
# Issue 14: each estate's office and its staff; the company-wide departments' heads serve both. The
# general manager and quality oversee every estate by their role and need no posting.
POSTINGS = {
    "clerk": ["HYY"], "supervisor": ["HYY"], "manager": ["HYY"],
    "clerk_jhg": ["JHG"], "supervisor_jhg": ["JHG"], "manager_jhg": ["JHG"],
    "head_eng": ["HYY", "JHG"], "head_sec": ["HYY", "JHG"],
}
RESIDENTS = [
    ("张伟", "13812345678", "HYY", "3", "1202", Resident.Kind.OWNER),
    ("李娜", "13987654321", "HYY", "3", "1202", Resident.Kind.FAMILY),
    ("王芳", "13700001111", "HYY", "1", "0501", Resident.Kind.TENANT),
    ("刘洋洋", "13655556666", "HYY", "2", "0802", Resident.Kind.OWNER),
    ("陈明", "075512345678", "JHG", "A", "1801", Resident.Kind.OWNER),
    ("杨秀英", "13566667777", "JHG", "B", "0302", Resident.Kind.OWNER),
]


def load(stdout):
    User = get_user_model()
    estates = {}
    for code, name, area in ESTATES:
        estates[code], _ = Estate.objects.get_or_create(code=code, defaults={"name": name, "gross_floor_area": area})
    for code, buildings in {"HYY": ["1", "2", "3"], "JHG": ["A", "B"]}.items():
        for building_name in buildings:
            building, _ = Building.objects.get_or_create(estate=estates[code], name=building_name)
            for floor in range(1, 19):
                for door in (1, 2):
                    Unit.objects.get_or_create(
                        building=building,
                        number=f"{floor:02d}{door:02d}",
                        defaults={"floor_area": Decimal("89.50") + door * 10},
                    )
    for username, codes in POSTINGS.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            posting, _ = StaffPosting.objects.get_or_create(user=user)
            posting.estates.add(*(estates[code] for code in codes))
    for name, kind, head in DEPARTMENTS:
        head_user = User.objects.filter(username=head).first() if head else None
        department, _ = Department.objects.get_or_create(name=name, estate=None, defaults={"kind": kind, "head": head_user})
        if head_user:
            department.members.add(head_user)
    moved_in = datetime.date(2023, 3, 1)
    for name, phone, code, building, number, kind in RESIDENTS:
        unit = Unit.objects.get(building__estate=estates[code], building__name=building, number=number)
        resident, created = Resident.objects.get_or_create(name=name, phone=phone, defaults={"kind": kind})
        if created:
            Occupancy.objects.create(resident=resident, unit=unit, moved_in=moved_in)
            Unit.objects.filter(pk=unit.pk).update(occupancy=Unit.Occupancy.OCCUPIED, move_in_date=moved_in)
    stdout.write(f"  {Unit.objects.count()} units, {Resident.objects.count()} residents")
