"""Private set intersection (ECDH over X25519 or ristretto255) between two jingshu servers.

Semi-honest security: each side learns the other's set size; the joiner learns the
shared identifiers (or, in size-only mode, only how many there are); the serving
side learns nothing else. See docs/guides/privacy.md.

Library layer: imports :mod:`jingshu.errors` only; never the database, a domain,
``web`` or ``cli``.
"""

from jingshu.psi.client import PsiResult, join
from jingshu.psi.protocol import KINDS, normalize, read_identifiers
from jingshu.psi.server import PsiServer, PsiState, make_server
from jingshu.psi.suite import DEFAULT_SUITE, SUITES

__all__ = ["DEFAULT_SUITE", "KINDS", "SUITES", "PsiResult", "PsiServer", "PsiState", "join",
           "make_server", "normalize", "read_identifiers"]
