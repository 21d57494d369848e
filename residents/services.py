"""Every write to the registry goes through here (one transaction each, with a timeline entry)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.timeline import record_event
from residents.models import Occupancy, ResidentAccessLog, Unit


@transaction.atomic
def save_record(form, *, by):
    """Create or update a registry record from a validated ModelForm."""
    created = form.instance.pk is None
    record = form.save()
    record_event(
        record,
        action="created" if created else "updated",
        label=_("Created") if created else _("Updated"),
        by=by,
        note=", ".join(str(form.fields[name].label) for name in form.changed_data) if not created else "",
    )
    return record


def _refresh_unit_occupancy(unit, *, on):
    has_residents = Occupancy.objects.current(on).filter(unit=unit).exists()
    status = Unit.Occupancy.OCCUPIED if has_residents else Unit.Occupancy.VACANT
    if unit.occupancy != status:
        unit.occupancy = status
        unit.save(update_fields=["occupancy"])


@transaction.atomic
def move_in(*, resident, unit, on=None, by):
    on = on or timezone.localdate()
    occupancy = Occupancy.objects.create(resident=resident, unit=unit, moved_in=on)
    if unit.move_in_date is None:
        unit.move_in_date = on
        unit.save(update_fields=["move_in_date"])
    _refresh_unit_occupancy(unit, on=on)
    record_event(resident, action="moved_in", label=_("Moved in"), by=by, note=unit.label)
    return occupancy


@transaction.atomic
def move_out(*, occupancy, on=None, by):
    on = on or timezone.localdate()
    occupancy = Occupancy.objects.select_for_update().select_related("unit__building").get(pk=occupancy.pk)
    occupancy.moved_out = max(on, occupancy.moved_in)
    occupancy.save(update_fields=["moved_out"])
    _refresh_unit_occupancy(occupancy.unit, on=on)
    record_event(occupancy.resident, action="moved_out", label=_("Moved out"), by=by, note=occupancy.unit.label)
    return occupancy


def log_resident_access(*, resident, user, path=""):
    """SPEC §2: every view of a resident's full record is logged (who, when)."""
    return ResidentAccessLog.objects.create(resident=resident, user=user, path=path[:200])
