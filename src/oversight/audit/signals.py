"""Model changes, logins and failed logins, recorded through signals (one mechanism).

Every concrete model of the `oversight.*` apps is tracked, except the audit trail itself and
derived data (the search index). `pre_save` reads the row as stored, `post_save` diffs it
field by field; `post_delete` keeps a snapshot; many-to-many changes list what was added or
removed. Querysets' bulk writes (`update()`, `bulk_create()`, `bulk_update()`) are recorded
by the audited queryset every tracked model's managers get (`audit.querysets`). Values of
fields in `REDACTED_FIELDS` (or a model's `audit_redacted_fields`) are never copied into the
trail: only the fact that they changed.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from oversight.audit.choices import Action
from oversight.audit.sensitive import on_read
from oversight.audit.writer import REDACTED, plain, record, safe_repr
from oversight.base.acting import current
from oversight.base.reads import records_read

UNTRACKED_APPS = {"audit", "search"}
# Never copied into the trail: secrets, and the identities of petitioners (denouncers).
REDACTED_FIELDS = {
    "accounts.user": {"password"},
    "accounts.apitoken": {"key_hash"},
    "petitions.petition": {"petitioners", "petitioner_keys"},
    # A mention copies a petitioner's or a citizen's identity out of its record: the trail keeps
    # only that it changed (a petition may be sealed later; the trail cannot be scrubbed).
    "people.mention": {"name", "birth", "id_number", "address", "phone", "features",
                       "name_key", "given_key", "birth_year", "cccd", "cmnd", "phone_key"},
    # A person sums up their mentions' identities (a denouncer among them): the same, for the
    # same reason. Their entries name them "Person #id" (`audit_anonymous_repr`).
    "people.person": {"full_name", "name_key", "birth_date", "birth_year", "cccd", "cmnd",
                      "names", "addresses", "phones"},
}

# Bookkeeping that changes on its own and says nothing about what someone did.
IGNORED_FIELDS = {"updated_at", "last_login", "version"}
STATUS_FIELDS = {"status", "stage"}


def tracked_models():
    for model in apps.get_models():
        meta = model._meta
        if (model.__module__.startswith("oversight.") and meta.app_label not in UNTRACKED_APPS
                and not meta.abstract and not meta.proxy and meta.managed
                and not getattr(model, "audit_skip", False)):
            yield model


def _key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _redacted(model) -> set[str]:
    return REDACTED_FIELDS.get(_key(model), set()) | set(getattr(model, "audit_redacted_fields",
                                                                  ()))


def quiet(model, changes: dict) -> bool:
    """Whether `changes` touch only the model's `audit_quiet_fields` (a job's progress ticks:
    the entries for its start and end say what happened)."""
    fields = set(getattr(model, "audit_quiet_fields", ()))
    names = {k[:-3] if k.endswith("_id") else k for k in changes}
    return bool(fields) and names <= fields


def _snapshot_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]


def _values(model, instance) -> dict:
    return {f.attname: plain(f.value_from_object(instance)) for f in _snapshot_fields(model)}


def _hide(model, data: dict) -> dict:
    hidden = _redacted(model)
    out = {}
    for name, pair in data.items():
        bare = name[:-3] if name.endswith("_id") else name
        out[name] = [REDACTED if v not in (None, "", [], {}) else v for v in pair] if (
            name in hidden or bare in hidden) else pair
    return out


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or current().suspended or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    fields = [f.attname for f in _snapshot_fields(sender)]
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or current().suspended:
        return
    after = _values(sender, instance)
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created or before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
        record(Action.CREATE, instance, changes=_hide(sender, changes))
        return
    before = {k: plain(v) for k, v in before.items()}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if not changes or quiet(sender, changes):
        return
    action = Action.STATUS if STATUS_FIELDS & set(changes) else Action.UPDATE
    record(action, instance, changes=_hide(sender, changes))


def _post_delete(sender, instance, **kwargs):
    if current().suspended:
        return
    before = _values(sender, instance)
    changes = {k: [v, None] for k, v in before.items() if v not in (None, "", [], {})}
    record(Action.DELETE, instance, changes=_hide(sender, changes))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if reverse or current().suspended or type(instance) not in _TRACKED:
        return
    field = next((f for f in type(instance)._meta.many_to_many
                  if f.remote_field.through is sender), None)
    name = field.name if field else sender._meta.model_name
    if action == "pre_clear":
        instance._audit_m2m_cleared = sorted(
            getattr(instance, name).values_list("pk", flat=True)) if field else []
        return
    if action == "post_clear":
        removed = getattr(instance, "_audit_m2m_cleared", [])
        if removed:
            record(Action.UPDATE, instance, changes={name: {"removed": removed}})
        return
    if action in ("post_add", "post_remove") and pk_set:
        key = "added" if action == "post_add" else "removed"
        # safe_repr: a person added to an appraisal's nominees is "Person #id", not a name
        labels = [safe_repr(o) for o in model._base_manager.filter(pk__in=pk_set)][:50]
        record(Action.UPDATE, instance,
               changes={name: {key: sorted(pk_set), "labels": sorted(labels)}})


def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, user, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(Action.LOGIN_FAILED, request=request, username=username,
           detail={"username": username})


_TRACKED: set = set()


def connect() -> None:
    """Connect the trail's signal handlers. The audited querysets are installed beside this by
    `AuditConfig.ready()`: querysets.py uses this module's helpers, so importing it from here
    would tie the two modules into an import cycle."""
    for model in tracked_models():
        _TRACKED.add(model)
        uid = _key(model)
        pre_save.connect(_pre_save, sender=model, dispatch_uid=f"audit-pre-{uid}")
        post_save.connect(_post_save, sender=model, dispatch_uid=f"audit-post-{uid}")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=f"audit-del-{uid}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="audit-m2m")
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    records_read.connect(on_read, dispatch_uid="audit-reads")
