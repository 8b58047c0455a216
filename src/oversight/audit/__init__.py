"""The audit trail: `record(...)` writes one hash-chained entry; signals record model changes.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `actions.py`: nobody changes the trail; entries are written by writer.py (called by every
  app's actions) and signals.py.
- no `forms.py`: its one page, the auditors' log, is filtered by filtersets.py and takes no
  other input.
"""


def record(action, obj=None, **kwargs):
    """Write one audit entry (see `oversight.audit.writer.record`)."""
    # Late: the package loads with the app registry, before the trail's models can.
    from oversight.audit.writer import record as _record

    return _record(action, obj, **kwargs)
