"""Units (agencies and provinces, with their successors after the 2025 merger) and emulation
clusters.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `forms.py`, no `views.py`, no `urls.py` and no `templates`: units are reference data, read
  through the API and the pickers and edited by administrators through the API (actions.py) and
  the admin; they have no page of their own.
"""
