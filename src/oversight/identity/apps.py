from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "oversight.identity"
    label = "identity"
    verbose_name = _("Need-to-know and protected identities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.core import listplans
        from oversight.identity import checks, signals  # noqa: F401
        from oversight.identity.session import may_hold_key

        listplans.written_depends_on(may_hold_key)  # a sealed identity opens with the key
