"""Every domain's tables in one ``Base.metadata``: for the migrations environment and tests.

``jingshu.db`` owns the engine and ``Base`` but imports no domain; this top-level module
(beside :mod:`jingshu.platform`) is where the domains' models are gathered, so that
``db/migrations/env.py`` and the schema tests see every table.
"""

from jingshu.accounts import models as accounts_models
from jingshu.annotate import models as annotate_models
from jingshu.artefacts import models as artefacts_models
from jingshu.audit import log as audit_models
from jingshu.catalog import models as catalog_models
from jingshu.catalog import regrade as regrade_models
from jingshu.circulation import models as circulation_models
from jingshu.db.base import Base
from jingshu.jobs import models as jobs_models
from jingshu.jobs import run_models as corpus_run_models
from jingshu.sandbox import models as sandbox_models

__all__ = [
    "Base",
    "accounts_models",
    "annotate_models",
    "artefacts_models",
    "audit_models",
    "catalog_models",
    "circulation_models",
    "corpus_run_models",
    "jobs_models",
    "regrade_models",
    "sandbox_models",
]
