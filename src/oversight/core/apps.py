from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "oversight.core"
    label = "core"
    verbose_name = "Oversight core"

    def ready(self):
        # Typed text is NFC, visible when required, free of bidi controls: core/text.py.
        from oversight.core import text

        text.install()
