# The case-work world and its due actions (tests/cases), for the digest task and the backup round trip.
from tests.cases.conftest import world  # noqa: F401
from tests.cases.test_digest import due  # noqa: F401
