"""Every write to the registry goes through here (one transaction each, with a timeline entry)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.timeline import record_event
from residents.models import Occupancy, Resident, ResidentAccessLog, Unit


class RecordChangedError(Exception):
    """Issue 14 (no lost update): the record was saved by someone else after this form was opened."""

    message = _("This record has been changed by someone else. Open it again to see their change, then make yours.")


class MoveError(Exception):
    """A move-in or move-out that the registry's current state does not allow (told to the clerk)."""


def claim_version(record, seen_version):
    """Lock the record's row and take the next version, or raise RecordChangedError when the row is no
    longer at `seen_version` (the version the form was opened with). Call inside a transaction."""
    current = type(record).objects.select_for_update().values_list("version", flat=True).get(pk=record.pk)
    if current != seen_version:
        raise RecordChangedError
    record.version = current + 1


@transaction.atomic
def save_record(form, *, by):
    """Create or update a registry record from a validated ModelForm (residents.forms.VersionedForm):
    an update is refused when someone else saved the record after the form was opened."""
    created = form.instance.pk is None
    if not created:
        claim_version(form.instance, form.cleaned_data["seen_version"])
    record = form.save()
    record_event(
        record,
        action="created" if created else "updated",
        label=_("Created") if created else _("Updated"),
        by=by,
        note=", ".join(str(form.fields[name].label) for name in form.changed_data if name != "seen_version")
        if not created
        else "",
    )
    return record


def _refresh_unit_occupancy(unit, *, on):
    """Occupied while someone lives there. `unit` is locked by the caller; the change bumps its version,
    so an edit form opened before the move cannot put the old occupancy back."""
    has_residents = Occupancy.objects.current(on).filter(unit=unit).exists()
    status = Unit.Occupancy.OCCUPIED if has_residents else Unit.Occupancy.VACANT
    if unit.occupancy != status:
        unit.occupancy = status
        _save_unit(unit, ["occupancy"])


def _save_unit(unit, fields):
    Unit.objects.filter(pk=unit.pk).update(version=F("version") + 1, **{name: getattr(unit, name) for name in fields})
    unit.version += 1


@transaction.atomic
def move_in(*, resident, unit, on=None, by):
    """The resident moves into the unit. The resident's row is locked first, so twenty identical
    move-ins at once give one occupancy and nineteen MoveErrors (issue 14)."""
    on = on or timezone.localdate()
    Resident.objects.select_for_update().filter(pk=resident.pk).values_list("pk").get()
    if Occupancy.objects.filter(resident=resident, unit=unit, moved_out__isnull=True).exists():
        raise MoveError(_("This resident already lives in this unit."))
    unit = Unit.objects.select_for_update().select_related("building").get(pk=unit.pk)
    occupancy = Occupancy.objects.create(resident=resident, unit=unit, moved_in=on)
    if unit.move_in_date is None:
        unit.move_in_date = on
        _save_unit(unit, ["move_in_date"])
    _refresh_unit_occupancy(unit, on=on)
    record_event(resident, action="moved_in", label=_("Moved in"), by=by, note=unit.label)
    return occupancy


@transaction.atomic
def move_out(*, occupancy, on=None, by):
    on = on or timezone.localdate()
    occupancy = Occupancy.objects.select_for_update().select_related("resident").get(pk=occupancy.pk)
    if occupancy.moved_out is not None:
        raise MoveError(_("This move-out has already been recorded."))
    occupancy.moved_out = max(on, occupancy.moved_in)
    occupancy.save(update_fields=["moved_out"])
    unit = Unit.objects.select_for_update().select_related("building").get(pk=occupancy.unit_id)
    _refresh_unit_occupancy(unit, on=on)
    record_event(occupancy.resident, action="moved_out", label=_("Moved out"), by=by, note=unit.label)
    return occupancy


def log_resident_access(*, resident, user, path=""):
    """SPEC §2: every view of a resident's full record is logged (who, when)."""
    return ResidentAccessLog.objects.create(resident=resident, user=user, path=path[:200])


def log_resident_accesses(*, residents, user, path=""):
    """One log row per resident shown in full at once (the registry export), written in bulk."""
    now = timezone.now()
    logs = [ResidentAccessLog(resident_id=pk, user=user, path=path[:200], at=now) for pk in residents]
    return ResidentAccessLog.objects.bulk_create(logs, batch_size=2000)
