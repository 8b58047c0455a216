from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "oversight.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Late (in ready()): models and the modules using them load once the apps are ready.
        from oversight.search import signals

        signals.connect()
