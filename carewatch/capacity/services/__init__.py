"""Every write of contracts and capacity returns: one transaction and one audit entry each, ``now`` passed in.

from carewatch.capacity import services
services.record_contract(organisation=council, actor=user, contract=ContractInput(...), now=now)
services.submit_return(location=home, actor=user, figures=ReturnFigures(...), channel="web", now=now)
"""

from carewatch.capacity.services.contracts import (
    ContractInput,
    FeeInput,
    end_contract,
    import_contracts,
    record_contract,
)
from carewatch.capacity.services.returns import (
    STAFF_FIELDS,
    BedFigures,
    ReturnFigures,
    check_figures,
    import_returns,
    submit_return,
)

__all__ = [
    "STAFF_FIELDS",
    "BedFigures",
    "ContractInput",
    "FeeInput",
    "ReturnFigures",
    "check_figures",
    "end_contract",
    "import_contracts",
    "import_returns",
    "record_contract",
    "submit_return",
]
