"""Reports: the indicator catalogue computed for a place and period, the dashboard, the
DOCX/PDF/XLSX files.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `choices.py`: it stores no choice; periods and places are parsed (periods.py, places.py).
- no `actions.py`: a report changes nothing; the one thing it stores, the Word template, is
  uploaded in the admin (ReportTemplate.save keeps one active), and report files are made by
  jobs.
- no `filtersets.py`: a report is asked for by place and period (api/views.py reads them), not
  by filtering a list.
- no `api/serializers.py`: the report is built as a dict (service.build) and returned as it is.
"""
