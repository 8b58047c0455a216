"""The committees' own work: meetings and their conclusions, inspection and supervision teams,
emulation targets, and the register of documents and projects.

Every record belongs to a unit (directly or through its meeting or inspection) and is scoped
like matters: `Model.objects.restrict(user, action)`.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.committees.choices import (
    Body,
    DocumentKind,
    DocumentStatus,
    FollowUp,
    InspectionKind,
    InspectionStatus,
    MeetingKind,
    ProjectKind,
    ProjectStatus,
    Severity,
)
from oversight.core import calendar
from oversight.core.doctemplates import ReplaceableTemplate
from oversight.core.scoping import ScopedQuerySet
from oversight.reports.indicators import CATALOGUE


class Meeting(models.Model):
    """A session or meeting of a Steering Committee or of its standing body."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="meetings")
    body = models.CharField(_("body"), max_length=32, choices=Body.choices,
                            default=Body.STEERING_COMMITTEE)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices,
                            default=MeetingKind.MEETING)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    chair = models.CharField(_("chaired by"), max_length=200)
    attendees = models.TextField(_("attendees"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    matters = models.ManyToManyField("matters.Matter", verbose_name=_("matters"), blank=True,
                                     related_name="agenda_items")
    petitions = models.ManyToManyField("petitions.Petition", verbose_name=_("petitions"),
                                       blank=True, related_name="agenda_items")
    hotspots = models.ManyToManyField("petitions.Hotspot", verbose_name=_("hot spots"),
                                      blank=True, related_name="agenda_items")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "meeting__unit"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Conclusion(models.Model):
    """What the meeting decided; its directions (matters.Direction.conclusion) carry it out."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "meeting__unit"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("meeting-detail", args=[self.meeting_id]) + f"#conclusion-{self.pk}"


class MinutesTemplate(ReplaceableTemplate):
    """A replacement for the default minutes template (docxtpl tags; see
    scripts/make_minutes_template.py for the tags and the context it receives)."""

    file = models.FileField(_("file"), upload_to="minutes_templates/",
                            validators=[FileExtensionValidator(["docx"])])
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Used for every minutes document; activating one deactivates the others."),
    )

    class Meta(ReplaceableTemplate.Meta):
        verbose_name = _("minutes template")
        verbose_name_plural = _("minutes templates")


class Inspection(models.Model):
    """An inspection or supervision team: its plan, the units it visits, and its outcome."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="inspections")
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices,
                            default=InspectionKind.INSPECTION)
    topic = models.CharField(_("topic"), max_length=300)
    subjects = models.ManyToManyField("units.Unit", verbose_name=_("units inspected"),
                                      blank=True, related_name="inspected_by")
    subjects_text = models.TextField(
        _("other subjects"), blank=True,
        help_text=_("Organisations or persons inspected that are not units of the system."),
    )
    members = models.TextField(_("members"), blank=True, help_text=_("One member per line."))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["unit", "period_start"])]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("inspection-detail", args=[self.pk])

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("text"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices,
                                default=Severity.MINOR)
    matter = models.ForeignKey("matters.Matter", verbose_name=_("matter opened"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="findings")
    petition = models.ForeignKey("petitions.Petition", verbose_name=_("information source"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="findings")

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "inspection__unit"

    class Meta:
        ordering = ["id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.text[:80]


class RecommendationQuerySet(ScopedQuerySet):
    def with_status(self, today: dt.date | None = None):
        cutoff = calendar.overdue_cutoff(today or timezone.localdate())
        return self.annotate(status_now=Case(
            When(status=FollowUp.DONE, then=Value(FollowUp.DONE.value)),
            When(due_on__lt=cutoff, then=Value(FollowUp.OVERDUE.value)),
            default=Value(FollowUp.OPEN.value), output_field=models.CharField(),
        ))


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="recommendations")
    finding = models.ForeignKey(Finding, verbose_name=_("finding"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="recommendations")
    text = models.TextField(_("text"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16,
        choices=[(FollowUp.OPEN, FollowUp.OPEN.label), (FollowUp.DONE, FollowUp.DONE.label)],
        default=FollowUp.OPEN,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("follow-up notes"), blank=True)

    objects = RecommendationQuerySet.as_manager()
    scope_unit_field = "inspection__unit"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]

    def current_status(self, today: dt.date | None = None) -> str:
        if self.status == FollowUp.DONE:
            return FollowUp.DONE
        if calendar.lapsed(self.due_on, today or timezone.localdate()):
            return FollowUp.OVERDUE
        return FollowUp.OPEN

    def get_current_status_display(self) -> str:
        return FollowUp(self.current_status()).label

    @property
    def is_overdue(self) -> bool:
        return self.current_status() == FollowUp.OVERDUE


class EmulationTarget(models.Model):
    """A target a member of an emulation cluster registers for one indicator and year."""

    cluster = models.ForeignKey("units.Cluster", verbose_name=_("cluster"),
                                on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="emulation_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=64)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["cluster", "year", "unit", "indicator"]
        verbose_name = _("emulation target")
        verbose_name_plural = _("emulation targets")
        constraints = [models.UniqueConstraint(fields=["cluster", "unit", "year", "indicator"],
                                               name="one_target_per_indicator")]

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.indicator}"

    @property
    def indicator_label(self) -> str:
        ind = CATALOGUE.get(self.indicator)
        return ind.label if ind else self.indicator


class CommitteeDocument(models.Model):
    """A document the committee drafted or issued: plans, directives, reports, opinions."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="committee_documents")
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("committee document")
        verbose_name_plural = _("committee documents")
        indexes = [models.Index(fields=["unit", "status", "issued_on"])]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("committee-document-edit", args=[self.pk])


class Project(models.Model):
    """A project (đề án) or research topic the committee prepares and submits."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="projects")
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices,
                            default=ProjectKind.PROJECT)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.PROPOSED)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["unit", "submitted_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("project-edit", args=[self.pk])
