"""Reads Lamina's protobuf traces (``trace.lamina``) into numpy arrays; needs only protobuf and numpy.

    import sys; sys.path.insert(0, "python")  # from the Lamina checkout
    import lamina_trace
    t = lamina_trace.read("runs/bars-20250101-120000/trace.lamina")

Then, for example, ``t.state["kh", "h"].values`` is a float32 array (samples x batch x units)
taken at the steps ``t.state["kh", "h"].steps``; ``help(lamina_trace.Trace)`` lists the rest.
The arrays equal what ``lamina trace export --format npy`` writes; docs/traces.md describes the format.
"""

from .crc32c import crc32c
from .reader import (SCHEMA_VERSION, ExtraSeries, Footer, Frame, Header, MetricSeries, PhaseMarker, StateSeries, Trace,
                     TraceError, TraceRecord, TrajectorySeries, UnsupportedSchemaError, WeightSeries, read)

__all__ = ["SCHEMA_VERSION", "crc32c", "ExtraSeries", "Footer", "Frame", "Header", "MetricSeries", "PhaseMarker", "StateSeries", "Trace",
           "TraceError", "TraceRecord", "TrajectorySeries", "UnsupportedSchemaError", "WeightSeries", "read"]
