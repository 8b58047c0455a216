from django.contrib.auth.models import AbstractUser
from django.db import models, router
from django.utils.translation import gettext_lazy as _

from oversight.accounts.roles import Role, is_administrator
from oversight.base.compiled import Compiled


class User(AbstractUser):
    """A person who signs in. Belongs to one unit; roles are groups named by `Role` values."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # The columns __str__ reads: a list that shows a user by name reads only these.
    NAME_FIELDS = ("username", "display_name", "first_name", "last_name")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @classmethod
    def name_columns(cls, path: str) -> tuple[str, ...]:
        """NAME_FIELDS through `path` (`"assignee"` → `"assignee__username"`, …), for
        `QuerySet.only()` of the records that show that user."""
        return tuple(f"{path}__{field}" for field in cls.NAME_FIELDS)

    @property
    def roles(self) -> frozenset[str]:
        """The names of the user's groups, read once per instance: every request asks them
        (the menu, the scope, a list's plan), through a statement compiled once — Django's
        related manager built and compiled its query anew each time, 0.3–0.45 ms of a request
        where sending it costs a tenth (issue 17; tests/accounts/test_roles_read.py)."""
        cached = getattr(self, "_roles", None)
        if cached is None:
            names = ()
            if self.pk:
                using = self._state.db or router.db_for_read(User, instance=self)
                names = (name for (name,) in _group_names.rows(self.pk, using=using))
            cached = frozenset(names)
            self._roles = cached
        return cached

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # Picked up once after the next save by oversight.identity, which (re-)encrypts the
        # user's private key under the new password.
        self._identity_password = raw_password

    def has_role(self, role: str) -> bool:
        return self.is_superuser and role == Role.ADMINISTRATOR or role in self.roles

    def set_roles(self, roles) -> None:
        from django.contrib.auth.models import Group

        groups = [Group.objects.get_or_create(name=str(r))[0] for r in roles]
        self.groups.set(groups)
        self._roles = None

    @property
    def is_administrator(self) -> bool:
        return is_administrator(self)

    @property
    def is_custodian(self) -> bool:
        """Has the custodian role (which gives no key: see `identity.keys.approve_custodian`)."""
        return Role.CUSTODIAN in self.roles


class ApiToken(models.Model):
    """An API token: stored only as its SHA-256, expiring, revocable. It acts as its user."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False,
                              help_text=_("the first characters of the token, to tell tokens "
                                          "apart"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.prefix}… ({self.user})"


class SavedFilter(models.Model):
    """A list's filters and sort as a query string, kept per user: the one without a name is
    the state the user left the list in (restored when they come back to it); named ones are
    the user's saved searches ("Đơn quá hạn của tôi"). Only the user sees their own."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="saved_filters")
    list_name = models.CharField(_("list"), max_length=64)
    name = models.CharField(_("name"), max_length=100, blank=True)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # A user's own view preferences: not a change to any record, so not in the audit trail
    # (the last-used state is written as the user moves through a list).
    audit_skip = True

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["list_name", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "list_name", "name"],
                                               name="saved_filter_once")]

    def __str__(self):
        return self.name or f"({self.list_name})"


_group_names = Compiled(lambda user_id: User.groups.through.objects.filter(
    user_id=user_id).values_list("group__name"), int)
