"""Keep the search index in step with the objects it covers (and the parts of their text that
live in other tables: a matter's defendants, a meeting's conclusions, an appraisal's
nominees)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from oversight.search.index import KINDS, index, remove


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance)


def _deleted(sender, instance, **kwargs):
    remove(instance)


def _part_changed(path: str):
    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return

        owner = getattr(instance, path, None)
        if owner is not None and owner.pk is not None:
            index(owner)

    return changed


def _members_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        index(instance)


def connect() -> None:
    from django.apps import apps

    for kind in KINDS.values():
        model = apps.get_model(kind.model_path)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{kind.model_path}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{kind.model_path}")
        for part_path, owner in kind.parts:
            part = apps.get_model(part_path)
            handler = _part_changed(owner)
            post_save.connect(handler, sender=part, weak=False,
                              dispatch_uid=f"search-part-save-{part_path}")
            post_delete.connect(handler, sender=part, weak=False,
                                dispatch_uid=f"search-part-del-{part_path}")
    appraisal = apps.get_model("people.Appraisal")
    m2m_changed.connect(_members_changed, sender=appraisal.nominees.through,
                        dispatch_uid="search-appraisal-nominees")
