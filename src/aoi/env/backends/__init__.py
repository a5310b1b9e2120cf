"""Backends an episode runs against: the cluster twin, and a scripted one built from functions."""

from .scripted import EmptyReader, ScriptedBackend
from .twin import TwinBackend, TwinReader

__all__ = ["EmptyReader", "ScriptedBackend", "TwinBackend", "TwinReader"]
