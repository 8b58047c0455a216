"""The people registry (persons, organisations, relations, mentions), record linkage state
(review queue, decisions, runs) and personnel appraisal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.core import calendar
from oversight.core.scoping import VIEW, ScopedQuerySet, classification_condition, unit_ids_in_scope
from oversight.people import shown
from oversight.people.choices import (
    FTM_ROLE_SCHEMA,
    FTM_SCHEMA,
    AppraisalPurpose,
    AppraisalStatus,
    LinkStatus,
    MentionRole,
    OrganisationRoleKind,
    RelationKind,
    RunStatus,
)
from oversight.people.normalise import clean_name, features, fold, normalise_address
from oversight.people.normalise import name_key as person_name_key


class PersonQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view"):
        """A person is visible from every unit holding a record that mentions them and that
        the user may see, and from the unit that registered them — unless a record the user
        may not see (a secret matter naming them as a defendant) mentions them: a person
        known from a secret record is known only to who may open it."""
        ids = unit_ids_in_scope(user, action)
        if ids is not None and not ids:
            return self.none()
        seen = Mention.objects.restrict(user, action).filter(person=OuterRef("pk"))
        cleared = Mention.objects.filter(classification_condition(Mention, user)).values("pk")
        withheld = Mention.objects.filter(person=OuterRef("pk")).exclude(pk__in=cleared)
        registered = ~Exists(withheld) if ids is None else Q(unit__in=ids) & ~Exists(withheld)
        return self.filter(Q(Exists(seen)) | registered)._read_as(user, action)

    def _shape_for_reader(self, rows: list) -> None:
        """A person's CCCD, phones, addresses and names are summed up from all their mentions;
        a reader who may not open some of those records sees them summed up from the ones he
        may (`people.shown`), never saved."""
        if not rows:
            return
        mentions = {}
        for mention in Mention.objects.filter(person_id__in=[p.pk for p in rows]).order_by("id"):
            mentions.setdefault(mention.person_id, []).append(mention)
        if not mentions:
            return
        readable = set(Mention.objects.restrict(self._read_by, VIEW)
                       .filter(person_id__in=list(mentions)).values_list("pk", flat=True))
        shown.as_seen_by(rows, self._read_by, mentions, readable)


class Person(models.Model):
    # Names, ID numbers, phones, addresses and birth dates are summed up from mentions (a
    # sealed denouncer's among them): the trail keeps that they changed, and "Person #id"
    # (audit.signals.REDACTED_FIELDS).
    audit_anonymous_repr = True

    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(_("normalised name"), max_length=200, db_index=True,
                                editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    cccd = models.CharField(_("citizen identity number (CCCD)"), max_length=12, blank=True,
                            db_index=True)
    cmnd = models.CharField(_("identity card number (CMND)"), max_length=9, blank=True,
                            db_index=True)
    names = models.JSONField(_("names as written"), default=list, blank=True)
    addresses = models.JSONField(_("addresses"), default=list, blank=True,
                                 help_text=_("Each: as written, and in today's units."))
    phones = models.JSONField(_("phones"), default=list, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("registered by"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="people")
    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("is the officer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="registry_person",
        help_text=_("The user account of this person, when they work here: petitions naming "
                    "their relatives are flagged when assigned to them."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["name_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        shown.refuse_save(self)  # a reader's share (PersonQuerySet) is never written back
        self.name_key = person_name_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def birth_display(self) -> str:
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year or "")


class Position(models.Model):
    """A position held (FollowTheMoney `Position`/`Occupancy`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organisation = models.CharField(_("unit or organisation"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "person__unit"

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return f"{self.title}, {self.organisation}"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(max_length=300, db_index=True, editable=False)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province = models.CharField(_("province (today)"), max_length=64, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("registered by"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="organisations")
    matters = models.ManyToManyField("matters.Matter", verbose_name=_("party to matters"),
                                     blank=True, related_name="organisations")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["name_key", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(clean_name(self.name))
        if self.address and not self.province:
            self.province = normalise_address(self.address).province
        super().save(*args, **kwargs)


class OrganisationRole(models.Model):
    """A person's role in an organisation (FollowTheMoney `Ownership` / `Directorship`)."""

    # Its text names the person: the trail shows the id.
    audit_anonymous_repr = True

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="org_roles")
    role = models.CharField(_("role"), max_length=16, choices=OrganisationRoleKind.choices)
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2,
                                        null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "organisation__unit"

    class Meta:
        ordering = ["organisation", "role", "id"]
        verbose_name = _("role in an organisation")
        verbose_name_plural = _("roles in organisations")

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} — {self.organisation}"

    @property
    def ftm_schema(self) -> str:
        return FTM_ROLE_SCHEMA[self.role]


class Relation(models.Model):
    """A relation between two persons, read "`person` is the `kind` of `other`"."""

    # Its text names the person: the trail shows the id.
    audit_anonymous_repr = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_out")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relationship"), max_length=20, choices=RelationKind.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "person__unit"

    class Meta:
        ordering = ["id"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [models.CheckConstraint(condition=~Q(person=models.F("other")),
                                              name="relation_not_self")]

    def __str__(self):
        return f"{self.person} — {self.get_kind_display()} — {self.other}"

    @property
    def ftm_schema(self) -> str:
        return FTM_SCHEMA[self.kind]


class Mention(models.Model):
    """One mention of a person in a record, as written there, with the features the linking
    model compares. `person` is set once the mention is linked."""

    # Its text names a person (maybe a denouncer later sealed): the audit trail shows the id.
    audit_anonymous_repr = True

    person = models.ForeignKey(Person, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="mentions")
    role = models.CharField(_("role"), max_length=16, choices=MentionRole.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    petition = models.ForeignKey("petitions.Petition", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="mentions")
    defendant = models.ForeignKey("matters.Defendant", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="mentions")
    reception = models.ForeignKey("petitions.Reception", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="mentions")
    appraisal = models.ForeignKey("people.Appraisal", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="mentions")
    slot = models.PositiveSmallIntegerField(default=0, help_text="Position within the record.")
    # As written
    name = models.CharField(_("name"), max_length=200)
    birth = models.CharField(_("date of birth"), max_length=20, blank=True)
    id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    # Features (normalise.features)
    features = models.JSONField(default=dict, editable=False)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    given_key = models.CharField(max_length=50, blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    cccd = models.CharField(max_length=12, blank=True, db_index=True, editable=False)
    cmnd = models.CharField(max_length=9, blank=True, db_index=True, editable=False)
    phone_key = models.CharField(max_length=12, blank=True, db_index=True, editable=False)
    linked_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_probability = models.FloatField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"
    # A mention is seen only with the record it is in: a petition's or a matter's
    # classification (and access list) decides (base.classified.classified_paths).
    scope_parents = ("petition", "defendant", "reception", "appraisal")

    class Meta:
        ordering = ["id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        indexes = [models.Index(fields=["given_key", "birth_year"])]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        self.compute_features()
        super().save(*args, **kwargs)

    def compute_features(self) -> None:
        f = features(self.name, self.birth, self.id_number, self.phone, self.address)
        self.features = f.as_row()
        self.name_key, self.given_key = f.name_ascii[:200], f.given[:50]
        self.birth_year = int(f.dob_year) if f.dob_year else None
        self.cccd, self.cmnd, self.phone_key = f.cccd, f.cmnd, f.phone

    @property
    def source(self):
        """The record that mentions the person."""
        if self.defendant_id:
            return self.defendant.matter
        return self.petition or self.reception or self.appraisal


class LinkCandidateQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view"):
        """A pair is shown only to whoever may see both records."""
        ids = unit_ids_in_scope(user, action)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(left__unit__in=ids, right__unit__in=ids)


class LinkCandidate(models.Model):
    """A pair of mentions the model scored between the review and the automatic threshold:
    an officer compares them side by side and accepts or rejects the link."""

    left = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    waterfall = models.JSONField(_("match weights"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=LinkStatus.choices,
                              default=LinkStatus.PENDING)
    run = models.ForeignKey("people.LinkRun", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="candidates")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LinkCandidateQuerySet.as_manager()
    scope_unit_field = "left__unit"

    class Meta:
        ordering = ["-match_probability", "id"]
        verbose_name = _("link to review")
        verbose_name_plural = _("links to review")
        constraints = [models.UniqueConstraint(fields=["left", "right"],
                                               name="link_candidate_pair")]

    # Its text names both mentions' persons, and the weights show the values compared (names,
    # ID numbers): the trail shows the id and that the weights changed.
    audit_anonymous_repr = True
    audit_redacted_fields = ("waterfall",)

    def __str__(self):
        return f"{self.left} ~ {self.right}"


class LinkDecision(models.Model):
    """An officer's decision on a pair: audited (who, when) and remembered by later runs."""

    left = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(LinkCandidate, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="decisions")
    accepted = models.BooleanField(_("accepted"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    match_probability = models.FloatField(null=True, blank=True)

    objects = LinkCandidateQuerySet.as_manager()
    scope_unit_field = "left__unit"

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("link decision")
        verbose_name_plural = _("link decisions")
        indexes = [models.Index(fields=["left", "right"])]

    def __str__(self):
        return f"{'=' if self.accepted else '≠'} {self.left_id} {self.right_id}"


class LinkRun(models.Model):
    """What a full re-link found (its figures, the review queue it filled). The run itself is a
    background job (`core.jobs`, kind "relink"): its status, progress, cancel, retries, error
    and who started it are the job's, shown here through the properties below."""

    job = models.OneToOneField("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE,
                               related_name="link_run")
    mentions = models.PositiveIntegerField(_("mentions"), default=0)
    pairs = models.PositiveIntegerField(_("pairs scored"), default=0)
    auto_links = models.PositiveIntegerField(_("links made"), default=0)
    to_review = models.PositiveIntegerField(_("links to review"), default=0)
    persons = models.PositiveIntegerField(_("persons"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("link run")
        verbose_name_plural = _("link runs")

    def __str__(self):
        return f"#{self.pk} {self.get_status_display()}"

    # The run's life is its job's.
    @property
    def status(self) -> str:
        return self.job.status

    def get_status_display(self) -> str:
        return self.job.get_status_display()

    @property
    def progress(self) -> int:
        """Per cent done."""
        return self.job.percent

    @property
    def step(self) -> str:
        return self.job.message_display if self.job.status != RunStatus.FAILED else ""

    @property
    def error(self) -> str:
        return self.job.message if self.job.status == RunStatus.FAILED else ""

    @property
    def started_by(self):
        return self.job.created_by

    @property
    def created_at(self):
        return self.job.created_at

    @property
    def started_at(self):
        return self.job.started_at

    @property
    def finished_at(self):
        return self.job.finished_at


class Appraisal(models.Model):
    """Personnel appraisal (thẩm định nhân sự) before an appointment, planning or congress."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("appraising unit"),
                             on_delete=models.PROTECT, related_name="appraisals")
    requesting_body = models.CharField(_("requested by"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=16, choices=AppraisalPurpose.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    nominees = models.ManyToManyField(Person, verbose_name=_("nominees"), blank=True,
                                      related_name="appraisals")
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=AppraisalStatus.choices,
                              default=AppraisalStatus.OPEN)
    opinion = models.TextField(_("the unit's opinion"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("personnel appraisal")
        verbose_name_plural = _("personnel appraisals")

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.requesting_body}"

    @property
    def is_overdue(self) -> bool:
        """Open past its due date on the official calendar (a due date on a day off lapses at
        the end of the next working day)."""
        return (self.status == AppraisalStatus.OPEN
                and calendar.lapsed(self.due_on, timezone.localdate()))


class AssetDeclarationNote(models.Model):
    """A note on a person's asset and income declaration (kê khai tài sản, thu nhập)."""

    # Its text names the person: the trail shows the id.
    audit_anonymous_repr = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="asset_notes")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("declaration year"))
    note = models.TextField(_("note"))
    truthful = models.BooleanField(_("verified as truthful"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_unit_field = "unit"

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("asset declaration note")
        verbose_name_plural = _("asset declaration notes")

    def __str__(self):
        return f"{self.person} {self.year}"
