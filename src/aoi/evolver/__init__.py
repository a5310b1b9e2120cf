"""The Failure Trajectory Evolver: failed runs become validated guidance and training data."""

from .guidance import PATTERNS, GuidanceEntry, parse_rendered

__all__ = ["PATTERNS", "GuidanceEntry", "parse_rendered"]
