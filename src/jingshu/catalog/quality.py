"""Quality profiles of catalogued versions: profiled after publishing, read with checks.

The measures are :mod:`jingshu.profiles`; this module ties them to the catalog: a
profile is written beside each version's manifest by a ``dataset.profile`` job queued
when the version is published (:mod:`jingshu.jobs.profile_jobs`), computed on demand
when it is asked for before that job ran (:func:`version_profile`), checked against the
data dictionary and the dataset's tier (:func:`dictionary_checks`), and compared
between versions (:func:`diff_versions`).
Who may see which part is the front doors' business: rows need the download right, so
readers without it get :meth:`~jingshu.profiles.VersionProfile.without_row_content`.
"""

from __future__ import annotations

from dataclasses import dataclass

from jingshu.catalog.models import DatasetVersion
from jingshu.catalog.rules import OpenTier
from jingshu.errors import InputError
from jingshu.profiles import (
    ColumnProfile,
    ProfileDiff,
    RowDiff,
    TextFieldProfile,
    VersionProfile,
    diff_profiles,
    diff_rows,
    load_profile,
    stored_or_new_profile,
)
from jingshu.store import DatasetStore

__all__ = ["DictionaryCheck", "VersionDiff", "dictionary_checks", "diff_versions",
           "exported_profile", "version_profile"]

HIGH_NULL_RATE = 0.5
BAD_TEXT_RATE = 0.01


@dataclass(frozen=True)
class DictionaryCheck:
    """A finding about one field: ``level`` is ``warning`` or ``info``."""

    field: str
    level: str
    code: str
    message: str


@dataclass(frozen=True)
class VersionDiff:
    """Two versions side by side: profile changes and rows added/removed."""

    before: str
    after: str
    profile: ProfileDiff
    rows: RowDiff


def version_profile(store: DatasetStore, version: DatasetVersion, *,
                    refresh: bool = False) -> VersionProfile:
    """The stored profile of ``version``, computed now if it has none (or ``refresh``)."""
    return stored_or_new_profile(store.open(version.location), refresh=refresh)


def exported_profile(store: DatasetStore, version: DatasetVersion, *,
                     row_content: bool) -> VersionProfile | None:
    """The profile the Croissant and DCAT documents show of ``version``: the stored one
    (never computed here: a catalog of many versions is not profiled to be listed),
    ``None`` when none is stored yet, or it is of an older format or damaged (one bad file
    does not break the catalog's document); without row content
    (frequent values, repeated lines, string minima and maxima) unless ``row_content``,
    which the front doors set from the download policy as for the profile itself."""
    try:
        profile = load_profile(store.open(version.location))
    except (InputError, ValueError):  # an older format, or a damaged file: none until
        return None                   # the profile is computed again (``--refresh``)
    if profile is None or row_content:
        return profile
    return profile.without_row_content()


def _field_checks(f: TextFieldProfile | ColumnProfile, tier: OpenTier) -> list[DictionaryCheck]:
    found = []
    nulls = f.nulls / f.rows if f.rows else 0.0
    if f.rows and f.nulls == f.rows:
        found.append(DictionaryCheck(f.name, "warning", "all_null", "every value is null"))
    elif nulls > HIGH_NULL_RATE:
        found.append(DictionaryCheck(f.name, "warning", "high_null_rate",
                                     f"{nulls:.1%} of values are null"))
    if isinstance(f, ColumnProfile) and f.rows > 1 and f.distinct == 1 and f.nulls < f.rows:
        found.append(DictionaryCheck(f.name, "info", "constant", "one distinct value"))
    if isinstance(f, TextFieldProfile):
        if f.mojibake_rate > BAD_TEXT_RATE or f.replacement_char_rate > BAD_TEXT_RATE / 10:
            found.append(DictionaryCheck(f.name, "warning", "mojibake",
                                         f"mojibake in {f.mojibake_rate:.1%} of sampled texts, "
                                         f"U+FFFD {f.replacement_char_rate:.3%} of characters"))
        if f.pii_hits and tier is OpenTier.UNCONDITIONAL:
            kinds = ", ".join(f"{k} {n}" for k, n in f.pii_hits.items())
            found.append(DictionaryCheck(
                f.name, "warning", "pii_in_open_data",
                f"personal information in {f.pii_doc_rate:.1%} of sampled texts ({kinds}) "
                "of an unconditionally open dataset: redact it or close the tier"))
    return found


def dictionary_checks(profile: VersionProfile, version: DatasetVersion) -> list[DictionaryCheck]:
    """The profile held against the data dictionary and the dataset's tier.

    Fields without a description, every value null or most of them, a constant column,
    mojibake, and personal information in unconditionally open data.
    """
    found = [DictionaryCheck(d.name, "info", "undocumented",
                             "no description in the data dictionary")
             for d in version.fields if not d.description.strip()]
    for f in profile.fields:
        found.extend(_field_checks(f, version.dataset.open_tier))
    return found


def diff_versions(store: DatasetStore, before: DatasetVersion,
                  after: DatasetVersion) -> VersionDiff:
    """Profile changes and rows added/removed (by content hash) from ``before`` to ``after``."""
    old, new = store.open(before.location), store.open(after.location)
    return VersionDiff(
        before=f"{before.dataset.name}@{before.number}",
        after=f"{after.dataset.name}@{after.number}",
        profile=diff_profiles(stored_or_new_profile(old), stored_or_new_profile(new)),
        rows=diff_rows(old, new))
