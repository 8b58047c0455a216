"""A background job as the user sees it: what it does, how far it got, how it ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.accounts.roles import is_administrator
from oversight.core.jobs import FINISHED, REGISTRY, JobStatus


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own jobs; administrators see every job. Others' jobs answer 404."""
        if user is None or not user.is_authenticated:
            return self.none()
        if is_administrator(user):
            return self
        return self.filter(created_by=user)


class Job(models.Model):
    name = models.CharField(_("job"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    result = models.JSONField(_("result"), null=True, blank=True)
    result_file = models.CharField(_("result file"), max_length=500, blank=True,
                                   help_text="Path under DATA_DIR.")
    result_name = models.CharField(_("download name"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="jobs")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()
    # Progress ticks are not audit entries; the job's start, end and failure are.
    audit_quiet_fields = ("done", "message")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.label} #{self.pk}"

    @property
    def label(self) -> str:
        spec = REGISTRY.get(self.name)
        return str(spec.label) if spec else self.name

    @property
    def description(self) -> list[tuple[str, str]]:
        """The parameters in the user's words: [("Định dạng", "PDF"), ("Kỳ", "năm 2024")…]."""
        spec = REGISTRY.get(self.name)
        if spec is not None and spec.describe is not None:
            return spec.describe(self.params or {})
        return []

    @property
    def starter(self) -> str:
        """Who started it: the user, or "System" for the daily run (no user)."""
        from django.utils.translation import gettext

        return str(self.created_by) if self.created_by_id else gettext("System")

    @property
    def message_display(self) -> str:
        """The progress message in the user's language when it is one of the known steps."""
        from django.utils.translation import gettext

        return gettext(self.message) if self.message else ""

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
