from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "oversight.portal"
    label = "portal"
    verbose_name = _("Public reporting portal")

    def ready(self):
        from oversight.petitions import views
        from oversight.portal.staff_views import conversation_context

        views.DETAIL_EXTRAS.append(conversation_context)  # the petition page's conversation
