"""The working calendar: public holidays and moved working days, and the escalation of overdue work.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `filtersets.py`: the calendar is read a year at a time (`?year=`), not filtered.
"""
