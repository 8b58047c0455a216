"""Generic pieces for the web pages: a scoped, filtered, sorted, paginated list."""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, QueryDict
from django.views.generic import DetailView, ListView

from oversight.accounts.models import SavedFilter
from oversight.base.classified import marking_columns
from oversight.base.compiled import Compiled
from oversight.core import exports, listplans
from oversight.core.errors import RuleError
from oversight.core.filters import has_assignee, without_empty
from oversight.core.scoping import CHANGE, VIEW, can, unit_ids_in_scope
from oversight.units.choices import UnitKind
from oversight.units.models import Unit
from oversight.units.pickers import grouped_options


class Saved(NamedTuple):
    """A saved filter of a list as the list shows it (`accounts.SavedFilter`)."""

    pk: int
    name: str
    query: str


# Every list page asks for the reader's saved filters of the list: compiled once
# (`base.compiled`), in the model's order.
_saved_filters = Compiled(lambda user_id, list_name: SavedFilter.objects.filter(
    user_id=user_id, list_name=list_name).values_list("pk", "name", "query"), int, str)

# Parameters that say how to show a list, not which records: never remembered.
NOT_REMEMBERED = ("page", "export", "clear", "selected")


class ScopedListView(LoginRequiredMixin, ListView):
    """A list restricted to the user's scope, filtered by a django-filter FilterSet and sorted
    by `?sort=field` / `?sort=-field` among `sort_fields`.

    With a `list_name`, the list remembers per user the filters and sort it was left with
    (`accounts.SavedFilter` without a name) and opens with them next time; `?clear=1` (the
    "Clear filters" button) forgets them. Named saved filters are the user's (`web.views`).
    With `export_columns` — (label, function of a record) pairs, the same columns the table
    shows — `?export=csv|xlsx` downloads the filtered list (or the `selected` ids), audited;
    above `exports.BACKGROUND_ROWS` rows a background job writes the file (`jobs`)."""

    filterset_class = None
    sort_fields: tuple[str, ...] = ()
    default_sort = "-id"
    paginate_by = 25
    htmx_template_name: str | None = None
    list_name: str = ""
    export_columns: tuple = ()
    # The columns the page's rows, their links and the export read (`QuerySet.only` names,
    # a related record's through its path: "unit", "unit__place_vi"); the rows are read with
    # these and the columns that mark a row protected (`base.classified.marking_columns`)
    # alone — a petition's text and JSON columns were a quarter of its page (issue 17). Empty:
    # every column. tests/core/test_row_fields.py renders every list page and export with and
    # without them: the same bytes, and no column loaded row by row.
    row_fields: tuple[str, ...] = ()

    def base_queryset(self):
        return self.model.objects.all()

    def get(self, request, *args, **kwargs):
        if self.list_name:
            target = self._remembered_state(request)
            if target is not None:
                return HttpResponseRedirect(target)
        if request.GET.get("export") in exports.FORMATS and self.export_columns:
            return self.export(request.GET["export"])
        return super().get(request, *args, **kwargs)

    def _remembered_state(self, request) -> str | None:
        """A redirect to the remembered filters (bare list address) or to the bare list
        (after "clear"), else None; remembers the filters of this request."""
        user = request.user
        if not user.is_authenticated:
            return None
        if request.GET.get("clear"):
            SavedFilter.objects.filter(user=user, list_name=self.list_name, name="").delete()
            return request.path
        state = remembered_query(request.GET)
        if not request.GET:
            if request.headers.get("HX-Request"):
                return None
            saved = self._remembered()
            return f"{request.path}?{saved.query}" if saved and saved.query else None
        if request.GET.get("export"):
            return None
        current = self._remembered()
        if state:
            if current is None or current.query != state:
                try:  # two tabs remembering at once: the other's state is as good as ours
                    with transaction.atomic():
                        SavedFilter.objects.update_or_create(
                            user=user, list_name=self.list_name, name="",
                            defaults={"query": state})
                except IntegrityError:
                    pass
        elif current is not None:
            SavedFilter.objects.filter(pk=current.pk).delete()
        return None

    def _saved_filters(self) -> list[Saved]:
        """The reader's saved filters of this list, the remembered state (no name) among them:
        one query for the request (the state remembered, and the named ones beside the
        list), compiled once."""
        if getattr(self, "_saved", None) is None:
            self._saved = [Saved(*row) for row in
                           _saved_filters.rows(self.request.user.pk, self.list_name)]
        return self._saved

    def _remembered(self):
        return next((s for s in self._saved_filters() if s.name == ""), None)

    def get_queryset(self):
        """The scoped, filtered, sorted rows — kept for the reader's next request while what
        they were built from holds (`core.listplans`); with a kept plan, the filter form
        beside the list is bound to the same data without filtering again."""
        self.filterset = None
        sort = self.request.GET.get("sort") or self.default_sort
        if sort.lstrip("-") not in self.sort_fields:
            sort = self.default_sort
        self.sort = sort
        qs = listplans.planned(self.request, self, self._filtered)
        if self.filterset is None and self.filterset_class:
            self._bind_filterset(qs)
        return qs

    def _bind_filterset(self, qs) -> None:
        data = without_empty(self.request.GET)
        self.filterset = self.filterset_class(data or None, queryset=qs, request=self.request)

    def _filtered(self):
        qs = self.base_queryset()
        if self.row_fields:
            qs = qs.only(*self.row_fields, *marking_columns(self.model))
        qs = qs.restrict(self.request.user, VIEW)
        if self.filterset_class:
            self._bind_filterset(qs)
            qs = self.filterset.qs if self.filterset.is_bound else qs
        sort = self.sort
        if sort.lstrip("-") == "id":
            return qs.order_by(sort)
        # Ties broken by the id in the sort's own direction, as the API does: an index on
        # (field, id) then gives the page in order, read forwards or backwards (a mixed
        # direction made the database sort every row: 70 ms for the directions, issue 17).
        return qs.order_by(sort, "-id" if sort.startswith("-") else "id")

    def filters_applied(self) -> bool:
        return bool(remembered_query(self.request.GET))

    def export(self, fmt: str):
        """The filtered list (or the selected rows) as a file, or a background job when big."""
        qs = self.get_queryset()
        if self.filterset is not None and self.filterset.is_bound and not self.filterset.is_valid():
            qs = qs.none()
        selected = selected_ids(self.request.GET)
        if selected:
            qs = qs.filter(pk__in=selected)
        return exports.respond(self.request, self, qs, fmt)

    @classmethod
    def for_user(cls, user, query: str):
        """The list's queryset for `user` with the filters of `query` (the export job)."""
        view = cls()
        view.setup(SimpleNamespace(user=user, GET=QueryDict(query), method="GET",
                                   headers={}, path=""))
        qs = view.get_queryset()
        if view.filterset is not None and view.filterset.is_bound and not view.filterset.is_valid():
            return qs.none(), view
        selected = selected_ids(view.request.GET)
        return (qs.filter(pk__in=selected) if selected else qs), view

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("page_size", self.paginate_by))
        except ValueError:
            return self.paginate_by
        return max(5, min(size, 200))

    def get_template_names(self):
        if self.htmx_template_name and self.request.headers.get("HX-Request"):
            return [self.htmx_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        ctx["sort"] = self.sort
        ctx["list_view"] = self
        ctx["filters_applied"] = self.filters_applied()
        ctx["has_assignee"] = has_assignee(self.model)
        ctx["can_export"] = bool(self.export_columns)
        if self.request.headers.get("HX-Request"):
            ctx["list_frame"] = "web/bare.html"  # the filters asked for the list's body only
        if self.list_name and self.request.user.is_authenticated:
            ctx["saved_filters"] = [s for s in self._saved_filters() if s.name]
        return ctx


def remembered_query(params) -> str:
    """The query string of a list's filters and sort, without empty values and without the
    parameters that only say how to show it (page, export…)."""
    data = without_empty(params) if params is not None else None
    if not data:
        return ""
    pairs = [(k, v) for k in sorted(data.keys()) if k not in NOT_REMEMBERED
             for v in data.getlist(k)]
    return urlencode(pairs)[:2000]


def selected_ids(params) -> list[int]:
    """The `selected` ids of a request (checkboxes), as whole numbers; others are ignored."""
    out = []
    for value in params.getlist("selected") if hasattr(params, "getlist") else ():
        for part in str(value).split(","):
            part = part.strip()
            if part.isdigit() and len(part) <= 18:
                out.append(int(part))
    return out[:5000]


def units_for_filter(user):
    """The committees whose records the user may see, for a unit filter's choices."""
    ids = unit_ids_in_scope(user, VIEW)
    units = Unit.objects.filter(
        kind__in=[UnitKind.PROVINCIAL_COMMITTEE, UnitKind.CENTRAL_COMMISSION]
    ).order_by("-valid_to", "place_vi")
    return units if ids is None else units.filter(pk__in=ids)


def unit_filter_options(user, *, every: bool = False) -> list:
    """The grouped options of a unit filter: the committees `user` sees (`units_for_filter`),
    or every unit (`every`); kept (`units.pickers.grouped_options`) under the reader's scope,
    which decides the statement, rather than the statement's text."""
    if every:
        return grouped_options(Unit.objects.all(), key="every unit")
    return grouped_options(lambda: units_for_filter(user),  # built only when drawn
                           key=("committees in scope", unit_ids_in_scope(user, VIEW)))


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """A detail page that answers 404 for records outside the user's scope."""

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().restrict(self.request.user, VIEW)


def require_change(user, obj) -> None:
    """Refuse (403) a change to a record the user may see but not change."""
    if not can(user, CHANGE, obj):
        raise PermissionDenied


def apply_rule_error(form, error: RuleError) -> None:
    """Show a rule's refusal beside the field at fault (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    if field and form.fields[field].widget.is_hidden:
        field = None  # a hidden field's error would not be seen: show it above the form
    form.add_error(field, str(error.message))
