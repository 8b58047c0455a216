import django_filters
from django.utils.translation import gettext_lazy as _

from oversight.documents.choices import DocumentStatus
from oversight.documents.models import KIND_CHOICES, Document


class DocumentFilterSet(django_filters.FilterSet):
    """The register is kept per issuing unit: `unit` is that unit's code exactly (a merged
    province's predecessors kept registers of their own)."""

    unit = django_filters.CharFilter(field_name="unit__code", label=_("Unit (code)"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=1900,
                                       max_value=9999)
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES, label=_("Document kind"),
                                       empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"),
                                         empty_label=_("All"))
    petition = django_filters.NumberFilter(field_name="petition", min_value=1,
                                           max_value=2**63 - 1, label=_("Petition"))

    class Meta:
        model = Document
        fields = []
