import django_filters
from django.utils.translation import gettext_lazy as _

from oversight.base.textsearch import text_q
from oversight.intake.choices import DraftSource, DraftStatus
from oversight.intake.models import Draft


class DraftFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="search",
                                  help_text=_("Words of the text, with or without diacritics."))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DraftStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Arrived as"), choices=DraftSource.choices)
    to_check = django_filters.BooleanFilter(label=_("Pages to check"), method="pages_to_check")

    class Meta:
        model = Draft
        fields = ["q", "status", "source", "to_check"]

    def search(self, queryset, name, value):
        return queryset.filter(text_q(value, key="text_key"))

    def pages_to_check(self, queryset, name, value):
        if value is None:
            return queryset
        flagged = queryset.filter(pages__needs_check=True).values("pk")
        return queryset.filter(pk__in=flagged) if value else queryset.exclude(pk__in=flagged)
