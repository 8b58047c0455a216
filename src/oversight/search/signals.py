"""Keep the search index in step with the objects it covers."""

from django.db.models.signals import post_delete, post_save


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from oversight.search.index import index

        index(instance)


def _deleted(sender, instance, **kwargs):
    from oversight.search.index import remove

    remove(instance)


def connect() -> None:
    from django.apps import apps

    from oversight.search.index import KINDS

    for kind in KINDS.values():
        model = apps.get_model(kind.model_path)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{kind.model_path}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{kind.model_path}")
