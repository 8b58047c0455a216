import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.base.textsearch import text_q
from oversight.core.calendar import overdue_cutoff
from oversight.core.filters import ListFilterSet
from oversight.core.scoping import VIEW
from oversight.people.choices import AppraisalPurpose, AppraisalStatus
from oversight.people.models import Appraisal, Mention, Organisation, Person
from oversight.search.filters import TextSearchFilter
from oversight.units.filtersets import LineageFilter


class PersonFilterSet(ListFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)

    class Meta:
        model = Person
        fields = []

    def filter_q(self, queryset, name, value):
        """Every word of the name, without diacritics; six digits or more also find an ID
        number (CCCD, CMND) or the end of a phone number."""
        cond = text_q(value, key="name_key")
        if not cond:
            return queryset
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 6:
            # Numbers are matched in the mentions the reader may open (a number known only
            # from a secret record must not find its person: no oracle), and on a person
            # registered by hand, who has no mention.
            user = getattr(self.request, "user", None)
            readable = Mention.objects.restrict(user, VIEW) if user is not None \
                else Mention.objects.none()
            numbered = readable.filter(Q(cccd=digits) | Q(cmnd=digits)
                                       | Q(phone_key__endswith=digits)).values("person_id")
            typed = (Q(cccd=digits) | Q(cmnd=digits)) & ~Exists(
                Mention.objects.filter(person=OuterRef("pk")))
            cond |= Q(pk__in=numbered) | typed
        return queryset.filter(cond)


class OrganisationFilterSet(ListFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)

    class Meta:
        model = Organisation
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(text_q(value, key="name_key") | Q(tax_code=value.strip()))


class AppraisalFilterSet(ListFilterSet):
    q = TextSearchFilter(kind="appraisal")
    unit = LineageFilter(field_name="unit", label=_("Unit"))
    purpose = django_filters.ChoiceFilter(choices=AppraisalPurpose.choices, label=_("Purpose"))
    status = django_filters.ChoiceFilter(choices=AppraisalStatus.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    due_on = django_filters.DateFromToRangeFilter(label=_("Due"))

    class Meta:
        model = Appraisal
        fields = []

    def filter_overdue(self, queryset, name, value):
        """Open past its due date on the official calendar (a due date on a day off lapses
        at the end of the next working day)."""
        late = Q(status=AppraisalStatus.OPEN,
                 due_on__lt=overdue_cutoff(timezone.localdate()))
        return queryset.filter(late) if value else queryset.exclude(late)
