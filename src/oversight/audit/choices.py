from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    STATUS = "status", _("Status changed")
    DELETE = "delete", _("Deleted")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    EXPORT = "export", _("Exported")
    DOWNLOAD = "download", _("Downloaded an attachment")
    VIEW_SENSITIVE = "view_sensitive", _("Viewed a protected record")
    DISCLOSURE = "disclosure", _("Shown a protected identity in clear")
    TOKEN = "token", _("API token issued or revoked")
    IMPORT = "import", _("Imported or generated data")
    BACKUP = "backup", _("Backup or restore")
    LINK = "link", _("Linked to a person")
    UNLINK = "unlink", _("Unlinked from a person")
    MERGE = "merge", _("Persons merged")
    LINK_DECISION = "link_decision", _("Link decided")
