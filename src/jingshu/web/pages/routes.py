"""TEMPORARY placeholder until the portal lands (written by the API helper; replace freely)."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter()
