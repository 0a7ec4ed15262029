"""Who may add, list and use artefacts (files operators read: models, word lists).

=====================  ===============================================================
action                 who
=====================  ===============================================================
add                    administrators (for any organization or none), publishers (for
                       their own organization)
list                   any signed-in user: the artefacts of their organization
                       (administrators: all)
see, download, use     members of the owning organization, administrators; anyone else
in a recipe            is told there is no such artefact (the same answer as for one
                       that does not exist)
=====================  ===============================================================
"""

from __future__ import annotations

from jingshu.accounts.models import Role
from jingshu.artefacts import Viewer
from jingshu.web.deps import Principal
from jingshu.web.policies import Check

__all__ = ["ArtefactPolicy", "viewer_of"]


def viewer_of(who: Principal) -> Viewer:
    """The registry's view of a caller (its organization, whether it administers)."""
    return Viewer(who.organization_id, admin=who.role is Role.ADMIN)


class ArtefactPolicy:
    """Rights over the artefact registry; visibility itself is :func:`jingshu.artefacts.may_use`."""

    @staticmethod
    def add(organization_id: int | None) -> Check:
        def check(who: Principal) -> str | None:
            if who.is_anonymous:
                return "log in to add an artefact"
            if who.role is Role.ADMIN:
                return None
            if who.role is not Role.PUBLISHER or who.organization_id is None:
                return "only administrators and publishers add artefacts"
            if organization_id != who.organization_id:
                return "publishers add artefacts only for their own organization"
            return None
        return check

    @staticmethod
    def list() -> Check:
        return lambda who: "log in to see artefacts" if who.is_anonymous else None
