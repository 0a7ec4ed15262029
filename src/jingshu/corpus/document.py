"""The unit of work of the corpus pipeline: one :class:`Document`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document"]


@dataclass
class Document:
    """One text with its identity and metadata, as it flows through operators.

    Args:
        id: Stable identifier, kept from input to output.
        text: The text that mappers change and filters judge.
        metadata: Everything else about the document (source fields, flags that
            operators set such as ``mojibake``); kept from input to output.
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
