from tests.people.conftest import petition_by  # noqa: F401  (fixture)
from tests.petitions.conftest import make_petition  # noqa: F401  (fixture)
