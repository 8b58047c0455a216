from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "oversight.identity"
    label = "identity"
    verbose_name = _("Need-to-know and protected identities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.identity import checks, signals  # noqa: F401
