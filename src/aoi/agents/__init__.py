"""The runtime roles: Observer, Probe, Executor and Compressor, and the loop that runs them.

Each role lives in its own sub-package; see README.md in each folder.
"""
