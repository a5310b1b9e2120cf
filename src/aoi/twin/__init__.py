"""The offline cluster twin: a deterministic, in-process emulation of AIOpsLab's deployments.

See README.md in this folder for a map of the modules.
"""
