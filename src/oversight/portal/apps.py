from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from oversight.petitions import detail_extras


class PortalConfig(AppConfig):
    name = "oversight.portal"
    label = "portal"
    verbose_name = _("Public reporting portal")

    def ready(self):
        # the petition page's conversation; named, so that no view is imported here
        detail_extras.register("oversight.portal.staff_views.conversation_context")
