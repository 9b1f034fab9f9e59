"""The known sources, by name, and the loader module behind each."""

from __future__ import annotations

import importlib
from types import ModuleType

# Order matters: it is the output order of sources and the "first seen" order for dedup
# (CounselChat before MHCC, so MHCC's copies of CounselChat answers are the ones dropped).
SFT_SOURCES: dict[str, str] = {
    "empathetic_dialogues": "empathic.data.empathetic_dialogues",
    "counsel_chat": "empathic.data.counsel_chat",
    "mhcc": "empathic.data.mhcc",
    "esconv": "empathic.data.esconv",
}
CLASSIFICATION_SOURCES: dict[str, str] = {"goemotions": "empathic.data.goemotions"}
ALL_SOURCES: dict[str, str] = {**SFT_SOURCES, **CLASSIFICATION_SOURCES}
# Sources whose examples are whole multi-turn conversations: windowed, never dropped, when long.
MULTI_TURN = frozenset({"empathetic_dialogues", "esconv"})


def loader(name: str) -> ModuleType:
    return importlib.import_module(ALL_SOURCES[name])
