"""Generic pieces for the web pages: a scoped, filtered, sorted, paginated list."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import DetailView, ListView

from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, VIEW, can, unit_ids_in_scope


class ScopedListView(LoginRequiredMixin, ListView):
    """A list restricted to the user's scope, filtered by a django-filter FilterSet and sorted
    by `?sort=field` / `?sort=-field` among `sort_fields`."""

    filterset_class = None
    sort_fields: tuple[str, ...] = ()
    default_sort = "-id"
    paginate_by = 25
    htmx_template_name: str | None = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        qs = self.base_queryset().restrict(self.request.user, VIEW)
        self.filterset = None
        if self.filterset_class:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs,
                                                  request=self.request)
            qs = self.filterset.qs if self.filterset.is_bound else qs
        sort = self.request.GET.get("sort") or self.default_sort
        if sort.lstrip("-") not in self.sort_fields:
            sort = self.default_sort
        self.sort = sort
        return qs.order_by(sort, "-id" if sort.lstrip("-") != "id" else "pk")

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
        ctx["scope_units"] = units_for_filter(self.request.user)
        return ctx


def units_for_filter(user):
    """The committees whose records the user may see, for a unit filter's choices."""
    from oversight.units.choices import UnitKind
    from oversight.units.models import Unit

    ids = unit_ids_in_scope(user, VIEW)
    units = Unit.objects.filter(
        kind__in=[UnitKind.PROVINCIAL_COMMITTEE, UnitKind.CENTRAL_COMMISSION]
    ).order_by("-valid_to", "place_vi")
    return units if ids is None else units.filter(pk__in=ids)


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
