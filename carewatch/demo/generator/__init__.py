"""A synthetic England in the CQC's real formats: ``carewatch generate`` (docs/generator.md).

- :func:`build_england` (``model``) makes the register: councils, providers, locations and ten
  years of ratings, deterministically from a seed;
- :func:`state_as_at` and :func:`tallies` (``timeline``) give any location's state and the
  generator's own market figures on any date;
- ``writers_api``, ``writers_bulk`` and ``ods_writer`` write the API JSON dump and the bulk files;
  ``run.generate`` does it all for the management command.
"""

from carewatch.demo.generator.model import DEFAULT_AS_OF, England, build_england
from carewatch.demo.generator.timeline import LocationState, Tally, state_as_at, tallies

__all__ = ["DEFAULT_AS_OF", "England", "LocationState", "Tally", "build_england", "state_as_at", "tallies"]
