"""Who signs in: users, their unit and roles, API tokens and the second factor.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `choices.py`: its one choice, Role, lives in roles.py beside the rule that reads it
  (is_administrator).
- no `actions.py`: users and roles are managed in the Django admin; the changes it makes itself
  are sign-in tokens (tokens.py: issue, revoke) and two-factor enrolment (twofactor.py).
- no `filtersets.py`: it has no list page or list endpoint.
"""
