"""Factories for the shared registry and users. App-specific factories live in tests/<app>/factories.py."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import Role
from residents.models import Building, Department, Estate, Occupancy, Resident, StaffPosting, Unit

PASSWORD = "pass-12345"  # every factory user's password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            roles = extracted if isinstance(extracted, list | tuple) else [extracted]
            for role in roles:
                # get_or_create: transactional (browser) tests flush the groups made by migrations.
                self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])

    @factory.post_generation
    def estates(self, create, extracted, **kwargs):
        """Issue 14: a factory user works for every estate (head office) unless `estates=[...]` posts
        them to some; the scoping tests pass their estates."""
        if not create:
            return
        posting, _created = StaffPosting.objects.get_or_create(user=self)
        if extracted is None:
            posting.all_estates = True
            posting.save(update_fields=["all_estates"])
        else:
            posting.estates.set(extracted)


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estate
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"测试小区{n}")
    code = factory.Sequence(lambda n: f"E{n}")
    gross_floor_area = Decimal("40000")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    estate = factory.SubFactory(EstateFactory)
    name = factory.Sequence(lambda n: str(n + 1))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: f"{1000 + n}")
    floor_area = Decimal("88.50")
    occupancy = Unit.Occupancy.OCCUPIED


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    name = factory.Sequence(lambda n: f"住户{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    kind = Resident.Kind.OWNER


class OccupancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupancy

    resident = factory.SubFactory(ResidentFactory)
    unit = factory.SubFactory(UnitFactory)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    kind = Department.Kind.ENGINEERING


# ---- files for attachments (issue 11) -------------------------------------------------------------

def photo_bytes(format="JPEG", size=(64, 48), color=(200, 60, 40), **save_kwargs):
    """A real picture of `format` made by Pillow (JPEG, PNG, WEBP, GIF ...)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    mode = "RGBA" if format == "PNG" and len(color) == 4 else "RGB"
    Image.new(mode, size, color).save(out, format, **save_kwargs)
    return out.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    """An uploaded file as a form receives it; the browser's content type is whatever it claimed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def photo_upload(name="漏水.jpg", format="JPEG", **kwargs):
    return upload(name, photo_bytes(format, **kwargs), "image/jpeg")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ole_bytes(*entries):
    """A minimal OLE2 compound file (the container of .doc and .xls) holding the named streams, e.g.
    ole_bytes("WordDocument"), or ("Macros", "storage") for a storage. Each stream is 4,096 bytes, so it
    lies in ordinary sectors (no mini stream); one sector of FAT, one of directory."""
    import struct

    sector, end, free, fat_sector, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    entries = [(entry, "stream") if isinstance(entry, str) else entry for entry in entries]
    assert len(entries) <= 3, "one directory sector holds the root and three entries"
    streams = [name for name, kind in entries if kind == "stream"]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = {}
    for name in streams:
        starts[name] = len(fat)
        fat += [len(fat) + i + 1 for i in range(7)] + [end]
    fat += [free] * (128 - len(fat))

    def directory_entry(name, kind, child=no_stream, right=no_stream, start=end, size=0):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", no_stream, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = directory_entry("Root Entry", 5, child=1 if entries else no_stream)
    for index, (name, kind) in enumerate(entries, start=1):
        right = index + 1 if index < len(entries) else no_stream
        if kind == "stream":
            directory += directory_entry(name, 2, right=right, start=starts[name], size=4096)
        else:
            directory += directory_entry(name, 1, right=right)
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sector
    body = struct.pack("<128I", *fat) + directory + b"".join(b"x" * 4096 for _name in streams)
    return header + body
