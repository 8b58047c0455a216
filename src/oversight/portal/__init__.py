"""The public portal: citizens file reports, follow them with their receipt code and write to the
officers.

Shape (issue 18, checked by tests/test_app_shape.py):
- no `filtersets.py`: the portal lists nothing; officers see submissions on the petition page
  and in the held queue.
- no `api/serializers.py` and no `api/views.py`: the portal is for citizens, through its pages
  only; officers reach what it filed through the petitions API.
"""
