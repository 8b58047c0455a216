"""The trail's search (the log page and `/api/audit/`): each filter as a condition an index of
the trail answers (issue 17).

The trail grows by every protected row read: 1.4 million entries on the province set after a
few load runs. The filters were written as the ORM offers them, and two of them could not use
the index there for them: a day compared as `at__date` is a function of every entry's time
(SQLite calls it in Python row by row: 14.4 s for a month over 1.4 million entries), and a
user as `username__iexact` is a `LIKE` (SQLite) or `UPPER()` (PostgreSQL) of every entry's
name. Now a day is the range of instants between its first moment and the next day's in the
project's time zone (the `at` index), and a user is the lowercase name (the index of
`Lower("username")`, migration 0009) — the same entries (tests/audit/test_filters.py, with
the plans).

A search bounded by days alone lists its entries newest first by time (`newest_first`): in id order
the database read every entry of the range through the `at` index and sorted them (2.4 s for a
day of 1.4 million entries), in time order it reads the index backwards and stops at a page.
The two orders differ only where writers at once appended entries of the same milliseconds.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from oversight.audit.choices import Action
from oversight.audit.models import AuditEntry

# Filters an index answers with its entries in id order.
_BY_EQUALITY = ("user", "action", "object_type", "object_id")


def day_starts(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the current time zone (what `at__date` compares in)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


class AuditEntryFilterSet(django_filters.FilterSet):
    user = django_filters.CharFilter(method="by_user")
    action = django_filters.ChoiceFilter(
        choices=Action.choices, empty_label="—",  # as the log page's other choices
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    date_from = django_filters.DateFilter(method="from_day")
    date_to = django_filters.DateFilter(method="to_day")

    class Meta:
        model = AuditEntry
        fields = ["user", "action", "object_type", "object_id", "date_from", "date_to"]

    def newest_first(self, queryset):
        """`queryset` (this search's entries) in the order its index gives: by time when only
        days bound it, else by id (the chain's order) — an index of a user, an action or a
        record holds its entries in id order, and read backwards it stops at a page."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        by_day = data.get("date_from") or data.get("date_to")
        if by_day and not any(data.get(name) for name in _BY_EQUALITY):
            return queryset.order_by("-at", "-id")
        return queryset.order_by("-id")

    def by_user(self, queryset, name, value):
        """The entries of a user name, whatever its letters' case (as `iexact` did)."""
        return queryset.alias(username_lower=Lower("username")).filter(
            username_lower=Lower(Value(value)))

    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=day_starts(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(at__lt=day_starts(value + dt.timedelta(days=1)))
