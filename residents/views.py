from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django_filters.views import FilterView

from core.estates import scoped, sees_every_estate, visible_estates
from core.excel import workbook_response
from core.records import start_actions, unit_history
from core.roles import (
    ALL_ROLES,
    DESK_ROLES,
    MANAGEMENT_ROLES,
    SUPERVISION_ROLES,
    RoleRequiredMixin,
    role_required,
)
from core.timeline import timeline_for
from residents import exports, importing, selectors, services, uploads
from residents.filters import AccessLogFilter, ResidentFilter, UnitFilter
from residents.forms import (
    BuildingForm,
    DepartmentForm,
    EstateForm,
    MoveInForm,
    MoveOutForm,
    RegistryImportForm,
    ResidentForm,
    UnitForm,
)
from residents.models import Building, Department, Estate, Occupancy, Resident, ResidentAccessLog, Unit
from residents.privacy import can_see_personal_details
from residents.uploads import limit_upload, upload_too_large

# The front desk keeps units and residents up to date; managers own estates and departments.
EDIT_ROLES = DESK_ROLES
IMPORT_ROLES = SUPERVISION_ROLES
PAGE_SIZE = 50


class RegistryFormView(RoleRequiredMixin):
    """Create or edit a registry record: of the estates the user works for (core.estates), with the
    form's choices narrowed to them."""

    roles = EDIT_ROLES
    template_name = "residents/form.html"
    title = ""

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = services.save_record(form, by=self.request.user)
        except services.RecordChangedError as exc:
            # Issue 14: the other person's save is kept; this form is shown again with the refusal.
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("Saved."))
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


@role_required(ALL_ROLES)
def lookup(request):
    """The front-desk lookup. As an htmx fragment (typed into the desk's or an entry form's search box)
    it lists the callers found: `mode=pick` fills the entry form in place, otherwise each caller comes with
    the records this user may start (core.records.start_actions)."""
    result = selectors.lookup(request.GET.get("q", ""), viewer=request.user)
    callers = selectors.callers(result)
    mode = "pick" if request.GET.get("mode") == "pick" else "start"
    if mode == "start":
        for caller in callers:
            caller.actions = start_actions(request.user, caller.unit, caller.resident)
    context = result | {"callers": callers, "mode": mode}
    if request.htmx:
        return render(request, "residents/partials/callers.html", context)
    return render(request, "residents/lookup.html", context)


class UnitListView(RoleRequiredMixin, FilterView):
    filterset_class = UnitFilter
    paginate_by = PAGE_SIZE
    template_name = "residents/unit_list.html"

    def get_queryset(self):
        return scoped(Unit.objects.with_related(), self.request.user)


class UnitDetailView(RoleRequiredMixin, DetailView):
    template_name = "residents/unit_detail.html"

    def get_queryset(self):
        return scoped(Unit.objects.with_related(), self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        occupancies = list(selectors.unit_residents(self.object, viewer=user))
        for occupancy in occupancies:
            occupancy.actions = start_actions(user, self.object, occupancy.resident) if not occupancy.moved_out else []
        return super().get_context_data(
            occupancies=occupancies, history=unit_history(self.object, user),
            unit_actions=start_actions(user, self.object), **kwargs
        )


class UnitCreateView(RegistryFormView, CreateView):
    model = Unit
    form_class = UnitForm
    title = gettext_lazy("New unit")

    def get_initial(self):
        return {"building": self.request.GET.get("building")}


class UnitUpdateView(RegistryFormView, UpdateView):
    model = Unit
    form_class = UnitForm
    title = gettext_lazy("Edit unit")


class EstateListView(RoleRequiredMixin, ListView):
    template_name = "residents/estate_list.html"

    def get_queryset(self):
        return scoped(Estate.objects.prefetch_related("buildings"), self.request.user)


class EstateCreateView(RegistryFormView, CreateView):
    roles = MANAGEMENT_ROLES
    model = Estate
    form_class = EstateForm
    title = gettext_lazy("New estate")
    success_url = reverse_lazy("residents:estate_list")

    def dispatch(self, request, *args, **kwargs):
        # Issue 14: a new estate is opened by head office; an estate's own manager would not even see it.
        if request.user.is_authenticated and not sees_every_estate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EstateUpdateView(RegistryFormView, UpdateView):
    roles = MANAGEMENT_ROLES
    model = Estate
    form_class = EstateForm
    title = gettext_lazy("Edit estate")
    success_url = reverse_lazy("residents:estate_list")


class BuildingCreateView(RegistryFormView, CreateView):
    model = Building
    form_class = BuildingForm
    title = gettext_lazy("New building")
    success_url = reverse_lazy("residents:estate_list")

    def get_initial(self):
        return {"estate": self.request.GET.get("estate")}


class BuildingUpdateView(RegistryFormView, UpdateView):
    model = Building
    form_class = BuildingForm
    title = gettext_lazy("Edit building")
    success_url = reverse_lazy("residents:estate_list")


class ResidentListView(RoleRequiredMixin, FilterView):
    filterset_class = ResidentFilter
    paginate_by = PAGE_SIZE
    template_name = "residents/resident_list.html"

    def get_queryset(self):
        return selectors.residents_for(self.request.user).prefetch_related(
            selectors.current_occupancies(self.request.user)
        )


class ResidentDetailView(RoleRequiredMixin, DetailView):
    template_name = "residents/resident_detail.html"

    def get_queryset(self):
        return selectors.residents_for(self.request.user)

    def get_object(self, queryset=None):
        resident = super().get_object(queryset)
        if can_see_personal_details(self.request.user):
            services.log_resident_access(resident=resident, user=self.request.user, path=self.request.path)
        return resident

    def get_context_data(self, **kwargs):
        occupancies = scoped(self.object.occupancies.select_related("unit__building__estate"), self.request.user)
        return super().get_context_data(
            occupancies=occupancies.order_by("moved_out", "-moved_in"), events=timeline_for(self.object),
            move_in_form=MoveInForm(user=self.request.user), **kwargs
        )


class ResidentCreateView(RegistryFormView, CreateView):
    model = Resident
    form_class = ResidentForm
    title = gettext_lazy("New resident")


class ResidentUpdateView(RegistryFormView, UpdateView):
    model = Resident
    form_class = ResidentForm
    title = gettext_lazy("Edit resident")

    def get_object(self, queryset=None):
        # The edit form shows the whole record: logged like the detail page (SPEC §2, issue 14).
        resident = super().get_object(queryset)
        services.log_resident_access(resident=resident, user=self.request.user, path=self.request.path)
        return resident


@role_required(EDIT_ROLES)
def resident_move_in(request, pk):
    resident = get_object_or_404(scoped(Resident.objects.all(), request.user), pk=pk)
    form = MoveInForm(request.POST or None, resident=resident, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_in(
                resident=resident, unit=form.cleaned_data["unit"], on=form.cleaned_data["moved_in"], by=request.user
            )
        except services.MoveError as exc:  # someone recorded the same move a moment ago
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Move-in recorded."))
            return redirect(resident)
    return render(request, "residents/form.html", {"form": form, "title": _("Move in: %(name)s") % {"name": resident}})


@role_required(EDIT_ROLES)
def occupancy_move_out(request, pk):
    occupancy = get_object_or_404(
        scoped(Occupancy.objects.select_related("resident", "unit__building"), request.user), pk=pk
    )
    if occupancy.moved_out is not None:
        raise Http404
    form = MoveOutForm(request.POST or None, initial={"moved_out": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.move_out(occupancy=occupancy, on=form.cleaned_data["moved_out"], by=request.user)
        except services.MoveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Move-out recorded."))
        return redirect(occupancy.resident)
    title = _("Move out: %(name)s from %(unit)s") % {"name": occupancy.resident, "unit": occupancy.unit.label}
    return render(request, "residents/form.html", {"form": form, "title": title})


class DepartmentListView(RoleRequiredMixin, ListView):
    template_name = "residents/department_list.html"

    def get_queryset(self):
        return scoped(Department.objects.select_related("estate", "head").prefetch_related("members"), self.request.user)


class DepartmentCreateView(RegistryFormView, CreateView):
    roles = MANAGEMENT_ROLES
    model = Department
    form_class = DepartmentForm
    title = gettext_lazy("New department")
    success_url = reverse_lazy("residents:department_list")


class DepartmentUpdateView(RegistryFormView, UpdateView):
    roles = MANAGEMENT_ROLES
    model = Department
    form_class = DepartmentForm
    title = gettext_lazy("Edit department")
    success_url = reverse_lazy("residents:department_list")

    def get_queryset(self):
        # A company-wide department serves every office: head office edits it, not one estate's manager.
        return scoped(Department.objects.all(), self.request.user, path="estate")


class AccessLogView(RoleRequiredMixin, FilterView):
    roles = MANAGEMENT_ROLES
    filterset_class = AccessLogFilter
    paginate_by = PAGE_SIZE
    template_name = "residents/access_log.html"

    def get_queryset(self):
        residents = scoped(Resident.objects.all(), self.request.user)
        return ResidentAccessLog.objects.filter(resident__in=residents).select_related("user", "resident")


@role_required(MANAGEMENT_ROLES)
def registry_export(request):
    shown = set()
    wb = exports.build_registry_workbook(exports.registry_rows(viewer=request.user, shown=shown))
    response = workbook_response(wb, f"registry-{timezone.localdate():%Y%m%d}.xlsx")
    # Every resident in the file was shown in full: logged like the detail page (SPEC §2, issue 14).
    services.log_resident_accesses(residents=sorted(shown), user=request.user, path=request.path)
    return response


@role_required(IMPORT_ROLES)
def import_template(request):
    return workbook_response(exports.build_template_workbook(), "registry-template.xlsx")


@csrf_exempt  # CSRF is checked by _registry_import, after the upload limit is in place
@role_required(IMPORT_ROLES)
def registry_import(request):
    """Upload -> preview with every row error -> commit (all or nothing)."""
    limit_upload(request, importing.MAX_UPLOAD_BYTES)
    return _registry_import(request)


@csrf_protect
def _registry_import(request):
    if request.method == "POST" and "token" in request.POST:
        return _import_commit(request)
    posted = request.method == "POST"
    form = RegistryImportForm(
        request.POST if posted else None, request.FILES if posted else None,
        upload_too_large=upload_too_large(request),
    )
    context = {"form": form, "max_rows": importing.MAX_IMPORT_ROWS, "max_mb": importing.MAX_UPLOAD_BYTES // 2**20}
    if posted and form.is_valid():
        # A file waiting for an earlier confirmation is replaced by this one.
        uploads.discard_upload(request.session.pop("registry_import", None))
        token = uploads.store_upload(form.cleaned_data["file"])
        try:
            rows = importing.parse_workbook(uploads.upload_path(token), estates=visible_estates(request.user))
        except importing.ImportFileError as exc:
            uploads.discard_upload(token)
            form.add_error("file", str(exc))
        else:
            error_rows = [row for row in rows if row.errors]
            context |= {"rows": rows, "error_rows": error_rows}
            if error_rows:
                uploads.discard_upload(token)
            else:
                request.session["registry_import"] = token
                context["token"] = token
    return render(request, "residents/import.html", context)


def _import_commit(request):
    token = request.POST["token"]
    if request.session.get("registry_import") != token:
        raise Http404
    try:
        rows = importing.parse_workbook(uploads.open_upload(token), estates=visible_estates(request.user))
        counts = importing.commit_rows(rows, by=request.user)
    except (importing.ImportFileError, uploads.UploadExpiredError) as exc:
        messages.error(request, str(exc))
        return redirect("residents:import")
    finally:
        uploads.discard_upload(token)
        request.session.pop("registry_import", None)
    messages.success(
        request, _("Imported: %(units)d new units, %(residents)d new residents.") % counts
    )
    return redirect(reverse("residents:unit_list"))
