"""Need-to-know access lists and the keys that protect denouncers' identities.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `filtersets.py`: it filters no list (access lists and disclosure requests are shown per
  record or per custodian).
- no `forms.py`: its pages post one or two fields (a level, a user, a reason, a decision), read
  by views.py and checked by actions.py.
"""
