"""AOI: Autonomous Operations Intelligence.

A read-write separated SRE agent runtime, trainable diagnosis and a failure evolver, evaluated on
AIOpsLab problems through an offline cluster twin or a real cluster. Importing this package does
nothing but define names: no I/O, no heavy imports.
"""

__version__ = "0.1.0"
