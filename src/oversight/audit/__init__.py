"""The audit trail: `record(...)` writes one hash-chained entry; signals record model changes."""


def record(action, obj=None, **kwargs):
    """Write one audit entry (see `oversight.audit.writer.record`)."""
    # Late: the package loads with the app registry, before the trail's models can.
    from oversight.audit.writer import record as _record

    return _record(action, obj, **kwargs)
