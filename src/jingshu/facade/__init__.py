"""The Python facade: ``jingshu.connect(...)`` and the views it hands out.

What the ``jingshu`` command does, as methods: datasets (rows, pandas, Hugging Face,
exports, profiles), imports, mixes, corpus runs, annotation projects, and conditional
opening (agreements, applications, grants, watermarked extracts). Every method calls
the use case its command calls; a client opened with ``user=`` is checked by the
policies of the HTTP API for that user (:mod:`jingshu.facade.acting`).

Front-door layer: imports the domains, ``jobs`` and ``jingshu.web.policies``; never
``jingshu.cli`` (the command may use it) or the web app's handlers and pages.
"""

from jingshu.facade.annotation import ProjectStatus, ProjectView
from jingshu.facade.circulation import GrantInfo, GrantView, RequestInfo
from jingshu.facade.client import Client, CorpusRun, connect
from jingshu.facade.datasets import DatasetView

__all__ = ["Client", "CorpusRun", "DatasetView", "GrantInfo", "GrantView", "ProjectStatus",
           "ProjectView", "RequestInfo", "connect"]
