"""The global search: one index over petitions, matters and hot spots, scoped like the records.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `choices.py`: it stores no choice.
- no `actions.py`: the index is kept by signals.py and index.py from the records' own saves;
  nobody edits it.
- no `filtersets.py`: its one parameter is `q` (lists search the index through filters.py's
  search box).
- no `forms.py`: its page reads one parameter, `q`.
"""
