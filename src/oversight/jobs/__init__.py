"""Background jobs as users see them: progress, cancel, retry, the file a job made.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `choices.py`: JobStatus belongs to the runner (core/jobs.py), which defines what a job is.
- no `actions.py`: jobs are started, cancelled and retried through the runner (core/jobs.py:
  enqueue, request_cancel).
- no `filtersets.py`: the list is the user's own jobs, filtered by status and name
  (filterset_fields in api/views.py).
- no `forms.py`: a report job's place and period are read by the reports' own parsers
  (views.report_params).
"""
