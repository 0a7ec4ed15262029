"""Quality profiles of dataset versions: text, tabular and media measures, diffs, plots.

Library layer: it reads :mod:`jingshu.store` versions and reuses the corpus pipeline's
measures, the privacy recognizers and :mod:`jingshu.tokens`; the catalog decides when
profiles are computed (at publish) and who may read which part.
"""

from __future__ import annotations

from jingshu.profiles.diff import ProfileDiff, RowDiff, diff_profiles, diff_rows
from jingshu.profiles.model import (
    ColumnProfile,
    DupStats,
    Histogram,
    MediaProfile,
    TextFieldProfile,
    TopItem,
    VersionProfile,
)
from jingshu.profiles.profile import (
    load_profile,
    profile_version,
    stored_or_new_profile,
    write_profile,
)

__all__ = [
    "ColumnProfile",
    "DupStats",
    "Histogram",
    "MediaProfile",
    "ProfileDiff",
    "RowDiff",
    "TextFieldProfile",
    "TopItem",
    "VersionProfile",
    "diff_profiles",
    "diff_rows",
    "load_profile",
    "profile_version",
    "stored_or_new_profile",
    "write_profile",
]
