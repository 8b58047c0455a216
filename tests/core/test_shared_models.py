"""The replaceable templates and the timeline events are one definition each in core
(core.doctemplates, core.events, core.api), each kind of record keeping its own table.

What breaks these: the one-active rule reaching across kinds (saving a minutes template
deactivating the report template) or not applying at all; a model redeclaring the shared
fields instead of inheriting them, or its table renamed; the API's event fields changing order
or losing one (the lists below are the fields as they were before the merge)."""

import pytest
from django.core.files.base import ContentFile

from oversight.committees.models import MinutesTemplate
from oversight.core.api import event_fields
from oversight.core.doctemplates import ReplaceableTemplate
from oversight.core.events import DatedEvent, Event
from oversight.matters.api.serializers import DirectionEventSerializer, MatterEventSerializer
from oversight.matters.models import DirectionEvent, MatterEvent
from oversight.petitions.api.serializers import PetitionEventSerializer
from oversight.petitions.models import PetitionEvent
from oversight.reports.models import ReportTemplate


def _docx(name):
    return ContentFile(b"PK not really a docx", name)


@pytest.mark.django_db
def test_one_active_template_per_kind_not_across_kinds():
    report = ReportTemplate.objects.create(name="Report A", file=_docx("a.docx"))
    minutes = MinutesTemplate.objects.create(name="Minutes A", file=_docx("m.docx"))
    assert ReportTemplate.objects.active() == report  # a minutes template left it alone
    newer = MinutesTemplate.objects.create(name="Minutes B", file=_docx("n.docx"))
    minutes.refresh_from_db()
    assert (MinutesTemplate.objects.active(), minutes.active) == (newer, False)
    newer.active = False
    newer.save()
    assert MinutesTemplate.objects.active() is None  # the default file is used
    assert ReportTemplate.objects.active() == report


def test_the_twins_inherit_one_definition_and_keep_their_tables():
    assert issubclass(MinutesTemplate, ReplaceableTemplate)
    assert issubclass(ReportTemplate, ReplaceableTemplate)
    assert issubclass(MatterEvent, DatedEvent) and issubclass(PetitionEvent, DatedEvent)
    assert issubclass(DirectionEvent, Event) and not issubclass(DirectionEvent, DatedEvent)
    tables = {m._meta.db_table for m in (MinutesTemplate, ReportTemplate, MatterEvent,
                                        PetitionEvent, DirectionEvent)}
    assert tables == {"committees_minutestemplate", "reports_reporttemplate",
                      "matters_matterevent", "petitions_petitionevent",
                      "matters_directionevent"}
    for model in (MatterEvent, PetitionEvent, DirectionEvent):
        # the shared fields are the base's (a field redeclared in the model would be counted
        # where the model is written, not where core.events is)
        for name in ("at", "by", "note", "changes"):
            assert model._meta.get_field(name).creation_counter == \
                Event._meta.get_field(name).creation_counter, (model, name)
        assert model.objects.restrict  # scoped like every record


def test_the_api_shows_each_event_s_fields_in_the_order_it_did():
    assert MatterEventSerializer.Meta.fields == [
        "id", "kind", "kind_display", "on", "at", "by", "from_stage", "to_stage", "note",
        "changes"]
    assert PetitionEventSerializer.Meta.fields == [
        "id", "kind", "kind_display", "on", "at", "by", "from_status", "to_status", "note",
        "changes"]
    assert DirectionEventSerializer.Meta.fields == [
        "id", "kind", "at", "by", "by_unit", "note", "changes"]
    assert event_fields(dated=False) == ["id", "kind", "at", "by", "note", "changes"]
