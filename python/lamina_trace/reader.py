"""Reads a Lamina trace file into protobuf messages and numpy arrays.

The message classes are built at import time from ``trace.desc``, a FileDescriptorSet of
``proto/src/main/proto/*.proto`` written by the Maven build, instead of from protoc's Python
output: generated code only runs on a protobuf runtime at least as new as the protoc that made
it, while a descriptor set runs on any runtime from 3.20 on (Debian 12 ships 3.21).
"""

from __future__ import annotations

import os
import pkgutil
import re
import warnings
from typing import Dict, List, NamedTuple, Optional, Tuple, Union

import numpy as np
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import DecodeError

from .crc32c import crc32c, crc32c_ranges

#: Highest trace schema version this reader understands (TraceReader.SCHEMA_VERSION in Java).
SCHEMA_VERSION = 2
# The first version whose records are followed by their CRC32C, and its size.
_FIRST_CHECKSUMMED_VERSION = 2
_CHECKSUM_BYTES = 4

# Same limit as the Java reader: a larger length prefix means the file is not a trace.
_MAX_RECORD_BYTES = 1 << 30


def _message_classes() -> Dict[str, type]:
    files = descriptor_pb2.FileDescriptorSet.FromString(pkgutil.get_data(__package__, "trace.desc"))
    # A pool of our own, so an application that also loads Lamina's generated code does not clash.
    pool = descriptor_pool.DescriptorPool()
    for f in files.file:  # protoc writes dependencies first
        pool.AddSerializedFile(f.SerializeToString())
    # Current runtimes have the module-level GetMessageClass; older ones (3.20, Debian 12's 4.21)
    # only MessageFactory.GetPrototype, which protobuf 6.30 removed.
    get_class = getattr(message_factory, "GetMessageClass", None) or message_factory.MessageFactory(pool).GetPrototype
    return {name: get_class(pool.FindMessageTypeByName("lamina.trace." + name))
            for name in ("TraceRecord", "Header", "Frame", "Footer")}


_CLASSES = _message_classes()
TraceRecord = _CLASSES["TraceRecord"]
Header = _CLASSES["Header"]
Frame = _CLASSES["Frame"]
Footer = _CLASSES["Footer"]


class TraceError(ValueError):
    """Not a readable Lamina trace: no whole header, or frames the exporter would refuse too."""


class UnsupportedSchemaError(TraceError):
    """The trace was written with a schema version newer than this reader's."""


class StateSeries(NamedTuple):
    """One recorded state variable: ``values[i]`` (batch x units) was sampled at ``steps[i]``."""
    steps: np.ndarray   # int64, (n,)
    units: np.ndarray   # int64, (units,): the sampled units of the population
    values: np.ndarray  # float32, (n, batch, units)


class WeightSeries(NamedTuple):
    """Snapshots of one projection's weights: ``values[i]`` (post x pre) after ``steps[i]``."""
    steps: np.ndarray   # int64, (n,)
    values: np.ndarray  # float32, (n, rows, cols)


class ExtraSeries(NamedTuple):
    """What a target recorded with a projection's weights under one name (a readout's ``bias``,
    ``feature-shift``, ``feature-scale``): ``values[i]`` with the snapshot at ``steps[i]``."""
    steps: np.ndarray   # int64, (n,)
    values: np.ndarray  # float32, (n, length)


class MetricSeries(NamedTuple):
    """One metric in trace order; ``examples`` is -1 where a value is not about one example."""
    steps: np.ndarray     # int64, (n,)
    examples: np.ndarray  # int64, (n,)
    values: np.ndarray    # float64, (n,)


class TrajectorySeries(NamedTuple):
    steps: np.ndarray     # int64, (n,): the step of each traced path
    examples: np.ndarray  # int64, (n,): the example of the minibatch each path belongs to
    units: np.ndarray     # int64, (n, units): the traced units of each path
    values: np.ndarray    # float32, (n, samples, units): the variable at each sample, dt_ms apart from time 0
    dt_ms: float


class PhaseMarker(NamedTuple):
    step: int
    phase: str
    begin: bool
    kind: str = ""                    # unsupervised, readout, supervised, test or run ("" in older traces)
    learning: Tuple[int, ...] = ()    # ids of the projections whose rules learned during the phase


class Trace:
    """A whole trace in memory. Arrays are laid out as ``lamina trace export --format npy`` writes them.

    Attributes:
        header: the Header message.
        populations: population name -> PopulationInfo; ``population_names``: id -> name.
        projections: projection id -> ProjectionInfo.
        spike_table: int64 (n, 4) of step, population id, example, neuron (``spikes.npy``).
        spikes: population name -> int64 (n, 3) of step, example, neuron, for every population
            of the header (empty where none was recorded or none fired).
        state: (population name, variable) -> StateSeries (``state-<pop>-<var>[-steps|-units].npy``).
        weights: projection id -> WeightSeries (``weights-<id>[-steps].npy``).
        weight_extras: (projection id, name) -> ExtraSeries: what the target recorded with those
            weights (a readout's bias and feature standardisation), from the snapshots that hold it.
        metrics: (population name or None, metric name) -> MetricSeries (``metrics.csv``).
        phases: PhaseMarker list in trace order (``phases.csv``).
        trajectories: (population name, variable) -> TrajectorySeries: paths traced inside a step, such
            as a layer's settling (``trajectory-<pop>-<var>[-steps|-examples|-units].npy``).
        footer: the Footer message, or None when the trace was cut short.
        truncated: True when reading stopped at a partial or corrupt record; ``problem`` says where.
        records, valid_bytes: complete records read and the bytes they span.
    """

    def __init__(self, path: str, header, footer, problem: Optional[str], records: int, valid_bytes: int):
        self.path = path
        self.header = header
        self.footer = footer
        self.problem = problem
        self.truncated = problem is not None
        self.records = records
        self.valid_bytes = valid_bytes
        self.populations = {p.name: p for p in header.populations}
        self.population_names = {p.id: p.name for p in header.populations}
        self.projections = {j.id: j for j in header.projections}
        self.spike_table = np.zeros((0, 4), dtype=np.int64)
        self.spikes: Dict[str, np.ndarray] = {}
        self.state: Dict[Tuple[str, str], StateSeries] = {}
        self.weights: Dict[int, WeightSeries] = {}
        self.weight_extras: Dict[Tuple[int, str], ExtraSeries] = {}
        self.metrics: Dict[Tuple[Optional[str], str], MetricSeries] = {}
        self.phases: List[PhaseMarker] = []
        self.trajectories: Dict[Tuple[str, str], TrajectorySeries] = {}

    @property
    def complete(self) -> bool:
        """True if the trace ended with a footer and nothing was cut off."""
        return self.footer is not None and not self.truncated

    def population_name(self, population_id: int) -> str:
        # The exporter's name for an id the header does not list.
        return self.population_names.get(population_id, "population-%d" % population_id)

    def __repr__(self) -> str:
        h = self.header
        if self.footer is None:
            end = "no footer"
        else:
            status = Footer.DESCRIPTOR.enum_types_by_name["Status"].values_by_number[self.footer.status].name
            end = "%s after %d steps" % (status, self.footer.steps_completed)
        return ("<lamina_trace.Trace %r schema %d, populations %s, %d spikes, state %s, weights %s, "
                "%d metric series, %d phase markers, %s%s>" % (
                    h.scenario_name, h.schema_version, list(self.populations), len(self.spike_table),
                    ["%s.%s" % k for k in self.state], list(self.weights), len(self.metrics),
                    len(self.phases), end, ", TRUNCATED: " + self.problem if self.truncated else ""))


# The C++ runtime stops at a stray end-group tag with a warning instead of an error; _parse reports it.
warnings.filterwarnings("ignore", message="Unexpected end-group tag", category=RuntimeWarning, module=__name__)


def _parse(body: bytes):
    """A TraceRecord parsed from all of ``body``, and None; or None and why it is not one."""
    record = TraceRecord()
    try:
        consumed = record.ParseFromString(body)
    except DecodeError as e:
        return None, str(e)
    if consumed is not None and consumed != len(body):
        return None, "unexpected end-group tag after %d of %d bytes" % (consumed, len(body))
    return record, None


class _Records:
    """Iterates over the intact records of a trace's bytes, like Java's TraceReader: a file cut short
    or damaged yields every record before the first bad one, then ``problem`` says where and why.

    Schema version 1 frames a record as a varint length and the message; from version 2 on, each
    record (the header included) is followed by the CRC32C of its length and message, 4 bytes
    little-endian. The header's schema_version says which framing the file uses."""

    def __init__(self, data: bytes, path: str):
        self.data = data
        self.path = path
        self.offset = 0  # bytes of intact records so far
        self.count = 0
        self.problem: Optional[str] = None
        self.checksummed = False
        #: For a header newer than this reader's: whether its checksum matched (else it may be damaged).
        self.newer_header_intact = True

    def _frame(self, pos: int, n: int) -> Tuple[Optional[int], Optional[int], Optional[str]]:
        """Body start and end of record n (from 1) at pos, or None and why the file ends there."""
        data = self.data
        length = 0
        start = pos
        while True:
            if pos == len(data):
                return None, None, "file ends inside the length prefix of record %d" % n
            if pos - start == 5:
                return None, None, "malformed length prefix of record %d" % n
            b = data[pos]
            length |= (b & 0x7F) << (7 * (pos - start))
            pos += 1
            if not b & 0x80:
                break
        if length > _MAX_RECORD_BYTES:
            return None, None, "record %d claims %d bytes: not a Lamina trace or corrupt" % (n, length)
        if pos + length > len(data):
            return None, None, "file ends inside record %d (%d of %d bytes present)" % (n, len(data) - pos, length)
        return pos, pos + length, None

    def _checksum_problem(self, n: int, start: int, end: int, computed: int) -> Optional[str]:
        """None if the 4 bytes at end hold ``computed``, the CRC32C of data[start:end], else why not."""
        stored = self.data[end:end + _CHECKSUM_BYTES]
        if len(stored) < _CHECKSUM_BYTES:
            return "file ends inside the checksum of record %d (%d of %d bytes present)" % (n, len(stored), _CHECKSUM_BYTES)
        stored = int.from_bytes(stored, "little")
        if stored != computed:
            return "record %d is corrupt: its CRC32C is 0x%08x, the file says 0x%08x" % (n, computed, stored)
        return None

    def __iter__(self):
        data = self.data
        if not data:
            return
        body, end, why = self._frame(0, 1)
        if why:
            return self._stop(why)
        # The first record decides the framing (TraceReader.readHeader in Java says why so). Followed by its
        # own CRC32C, it is an intact header of a checksummed trace; otherwise it must be a version 1 header
        # encoded exactly as protobuf encodes it (a damaged version 2 header can parse as version 1).
        checksum = self._checksum_problem(1, 0, end, crc32c(data[:end]))
        record, error = _parse(data[body:end])
        if error:
            return self._stop("record 1 is corrupt: %s" % error)
        if record.WhichOneof("kind") != "header":
            return self._stop("the first record is not a header: not a Lamina trace")
        version = record.header.schema_version
        if version == 0:
            return self._stop("the header has no schema version: not a Lamina trace, or a corrupt header")
        if version > SCHEMA_VERSION:
            # Every version keeps the header's framing: a matching checksum tells a newer trace from a damaged one.
            self.newer_header_intact = checksum is None
            yield "header", record.header
            return
        self.checksummed = checksum is None and version >= _FIRST_CHECKSUMMED_VERSION
        if not self.checksummed:
            if version >= _FIRST_CHECKSUMMED_VERSION:
                return self._stop(checksum)
            if record.SerializeToString() != data[body:end]:
                return self._stop("record 1 is corrupt: it says schema version 1 but is not encoded as a header is"
                                  " (a damaged version %d header?)" % _FIRST_CHECKSUMMED_VERSION)
        trailer = _CHECKSUM_BYTES if self.checksummed else 0
        # Frame every record first, so that all checksums are computed in one vectorised pass.
        starts, bodies, ends = [0], [body], [end]
        pos, n, framing_problem = end + trailer, 1, None
        while pos < len(data):
            n += 1
            body, end, framing_problem = self._frame(pos, n)
            if framing_problem:
                break
            starts.append(pos)
            bodies.append(body)
            ends.append(end)
            pos = end + trailer
        sums = crc32c_ranges(data, starts, ends).tolist() if self.checksummed else None
        for i, (start, body, end) in enumerate(zip(starts, bodies, ends)):
            n = i + 1
            if self.checksummed:
                why = self._checksum_problem(n, start, end, sums[i])
                if why:
                    return self._stop(why)
            if i > 0:
                record, error = _parse(data[body:end])
                if error:
                    return self._stop("record %d is corrupt: %s" % (n, error))
            kind = record.WhichOneof("kind")
            if kind is None:
                return self._stop("record %d is neither header, frame nor footer" % n)
            self.offset = end + trailer
            self.count = n
            yield kind, getattr(record, kind)
        if framing_problem:
            self._stop(framing_problem)

    def _stop(self, why: str) -> None:
        # Worded like TraceReader.problem() in Java.
        self.problem = "%s: truncated or corrupt at byte %d: %s; %d complete record(s) read" % (
            self.path, self.offset, why, self.count)


def read(path: Union[str, "os.PathLike[str]"]) -> Trace:
    """Reads every intact record of a trace; fails only if not even a header can be read.

    Raises TraceError for a file that is not a trace, UnsupportedSchemaError for a schema version
    newer than SCHEMA_VERSION, and (as the exporter does) TraceError for inconsistent frames.
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        records = _Records(f.read(), path)
    header = None
    footer = None
    frames = None
    for kind, message in records:
        if header is None:  # the first record, a header by the check in _Records
            header = message
            frames = _FrameCollector(path, header)
            if header.schema_version > SCHEMA_VERSION:
                raise UnsupportedSchemaError("%s: trace schema version %d is newer than this reader's %d%s; "
                                             "read it with the lamina_trace of the Lamina that wrote it"
                                             % (path, header.schema_version, SCHEMA_VERSION,
                                                "" if records.newer_header_intact
                                                else " (or the header is corrupt: its CRC32C does not match)"))
        elif kind == "frame":
            frames.add(message, records.count)
        elif kind == "footer":
            footer = message
    if header is None:
        raise TraceError(records.problem or "%s: empty file, not a Lamina trace" % path)
    trace = Trace(path, header, footer, records.problem, records.count, records.offset)
    frames.fill(trace)
    return trace


_INT_MAX = (1 << 31) - 1


def _file_safe(name: str) -> str:
    """TraceExporter.fileSafe: the exporter's file name for a population or variable name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "_"


class _FrameCollector:
    """Gathers frame contents in plain lists, turned into numpy arrays once at the end.

    Checks each frame's shapes and counts as the exporter does (FrameCheck in Java), before
    anything is sized from them, and raises TraceError naming the file and the record."""

    def __init__(self, path: str, header):
        self.path = path
        self.names = {p.id: p.name for p in header.populations}
        self.spike_frames: List[Tuple[int, int, int]] = []  # step, population, batch
        self.spike_counts: List[int] = []
        self.spike_deltas: List[int] = []
        self.state: Dict[Tuple[int, str], Tuple[List[int], List[int], List[np.ndarray]]] = {}
        self.weights: Dict[int, Tuple[List[int], List[np.ndarray]]] = {}
        self.weight_extras: Dict[Tuple[int, str], Tuple[List[int], List[np.ndarray]]] = {}
        self.metrics: Dict[Tuple[Optional[int], str], Tuple[List[int], List[int], List[float]]] = {}
        self.phases: List[PhaseMarker] = []
        self.trajectories: Dict[Tuple[int, str], Tuple[float, List[int], List[int], List[List[int]], List[np.ndarray]]] = {}

    def add(self, f, record: int) -> None:
        """Adds frame ``f``, record number ``record`` (from 1, the header being 1)."""
        body = f.WhichOneof("body")
        bad = self._problem(f, body)
        if bad is not None:
            raise self._error(f, body, record, bad)
        if body == "spikes":
            s = f.spikes.spikes
            self.spike_frames.append((f.step, f.spikes.population, s.batch))
            self.spike_counts.extend(s.counts)
            self.spike_deltas.extend(s.index_deltas)
        elif body == "state":
            s = f.state
            units = list(s.units)
            steps, first_units, values = self.state.setdefault((s.population, s.variable), ([], units, []))
            # One array per series needs one shape, as in the exporter.
            if units != first_units:
                raise self._error(f, body, record, "%s: the sampled units changed at step %d from %s to %s"
                                  % (self._state_series(s), f.step, first_units, units))
            if values and values[0].shape[0] != s.batch:
                raise self._error(f, body, record, "%s: the sampled shape changed from %dx%d to %dx%d at step %d"
                                  % (self._state_series(s), values[0].shape[0], len(units), s.batch, len(units),
                                     f.step))
            steps.append(f.step)
            values.append(np.array(s.values, dtype=np.float32).reshape(s.batch, len(units)))
        elif body == "weights":
            w = f.weights
            steps, values = self.weights.setdefault(w.projection, ([], []))
            if values and values[0].shape != (w.rows, w.cols):
                raise self._error(f, body, record, "weights-%d: the matrix shape changed from %dx%d to %dx%d at step %d"
                                  % ((w.projection,) + values[0].shape + (w.rows, w.cols, f.step)))
            steps.append(f.step)
            values.append(np.array(w.values, dtype=np.float32).reshape(w.rows, w.cols))
            for extra in w.extras:
                steps, values = self.weight_extras.setdefault((w.projection, extra.name), ([], []))
                if values and len(values[0]) != len(extra.values):
                    raise self._error(f, body, record, "weights-%d: its %s changed from %d to %d values at step %d"
                                      % (w.projection, extra.name, len(values[0]), len(extra.values), f.step))
                steps.append(f.step)
                values.append(np.array(extra.values, dtype=np.float32))
        elif body == "metric":
            m = f.metric
            key = (m.population if m.HasField("population") else None, m.name)
            steps, examples, values = self.metrics.setdefault(key, ([], [], []))
            steps.append(f.step)
            examples.append(m.example if m.HasField("example") else -1)
            values.append(m.value)
        elif body == "trajectory":
            t = f.trajectory
            units = list(t.units)
            if not units or t.samples == 0 or len(t.values) != t.samples * len(units):
                raise TraceError("trajectory of population %d, variable %s: step %d holds %d values for %d samples x %d units"
                                 % (t.population, t.variable, f.step, len(t.values), t.samples, len(units)))
            dt, steps, examples, unit_rows, values = self.trajectories.setdefault(
                (t.population, t.variable), (t.dt_ms, [], [], [], []))
            if values and (values[0].shape != (t.samples, len(units)) or dt != t.dt_ms):
                raise TraceError("trajectory of population %d, variable %s: the traced shape changed at step %d"
                                 % (t.population, t.variable, f.step))
            steps.append(f.step)
            examples.append(t.example)
            unit_rows.append(units)
            values.append(np.array(t.values, dtype=np.float32).reshape(t.samples, len(units)))
        elif body == "phase":
            self.phases.append(PhaseMarker(f.step, f.phase.phase, f.phase.begin, f.phase.kind, tuple(f.phase.learning)))

    def _error(self, f, body: Optional[str], record: int, why: str) -> TraceError:
        # Worded like the exporter's errors in Java.
        return TraceError("%s: record %d (%s frame at step %d): %s"
                          % (self.path, record, body or "body_not_set", f.step, why))

    def _state_series(self, s) -> str:
        return "state-%s-%s" % (_file_safe(self.names.get(s.population, "population-%d" % s.population)),
                                _file_safe(s.variable))

    def _problem(self, f, body: Optional[str]) -> Optional[str]:
        """Why a frame's shapes or counts are inconsistent, or None (FrameCheck.problem in Java)."""
        if body == "spikes":
            why = self._spike_problem(f.spikes.spikes)
            return None if why is None else "corrupt spike set: " + why
        if body == "state":
            s = f.state
            if s.batch == 0 or not s.units or len(s.values) != s.batch * len(s.units):
                return "%s: holds %d values for batch %d x %d units" % (
                    self._state_series(s), len(s.values), s.batch, len(s.units))
        elif body == "weights":
            w = f.weights
            if w.rows == 0 or w.cols == 0 or len(w.values) != w.rows * w.cols:
                return "weights-%d: holds %d values for %d x %d" % (w.projection, len(w.values), w.rows, w.cols)
            names = [e.name for e in w.extras]
            for i, name in enumerate(names):
                if not name or name in names[:i]:
                    return "weights-%d: holds an extra array %s" % (
                        w.projection, "named '%s' twice" % name if name else "without a name")
        return None

    @staticmethod
    def _spike_problem(s) -> Optional[str]:
        """ProtoCodec.fromProto's checks: counts fit batch and indices, indices increase and fit an int."""
        if len(s.counts) != s.batch:
            return "spike set has %d counts for batch %d" % (len(s.counts), s.batch)
        total = sum(s.counts)
        if total != len(s.index_deltas):
            return "spike set counts sum to %d but holds %d indices" % (total, len(s.index_deltas))
        if s.batch == 0:
            return "batch must be >= 1, got 0"
        if sum(s.index_deltas) <= _INT_MAX and 0 not in s.index_deltas[1:]:
            return None  # the usual case, checked at C speed
        deltas = list(s.index_deltas)
        starts = np.cumsum([0] + list(s.counts)).tolist()
        for example in range(s.batch):  # in ProtoCodec.fromProto's order: all sizes, then the order
            neuron = sum(deltas[starts[example]:starts[example + 1]])
            if neuron > _INT_MAX:
                return "neuron index %d of example %d does not fit an int (%d at most)" % (
                    next(n for n in np.cumsum(deltas[starts[example]:starts[example + 1]]).tolist() if n > _INT_MAX),
                    example, _INT_MAX)
        for example in range(s.batch):
            for i in range(starts[example] + 1, starts[example + 1]):
                if deltas[i] == 0:
                    neuron = sum(deltas[starts[example]:i + 1])
                    return "spike indices of example %d must be strictly increasing, got %d then %d" % (
                        example, neuron, neuron)
        return None

    def fill(self, t: Trace) -> None:
        t.spike_table = self._spike_table()
        for p in t.header.populations:
            t.spikes[p.name] = t.spike_table[t.spike_table[:, 1] == p.id][:, [0, 2, 3]]
        for (pop, var), (steps, units, values) in self.state.items():
            t.state[t.population_name(pop), var] = StateSeries(
                np.array(steps, dtype=np.int64), np.array(units, dtype=np.int64), np.stack(values))
        for projection, (steps, values) in self.weights.items():
            t.weights[projection] = WeightSeries(np.array(steps, dtype=np.int64), np.stack(values))
        for key, (steps, values) in self.weight_extras.items():
            t.weight_extras[key] = ExtraSeries(np.array(steps, dtype=np.int64), np.stack(values))
        for (pop, name), (steps, examples, values) in self.metrics.items():
            t.metrics[None if pop is None else t.population_name(pop), name] = MetricSeries(
                np.array(steps, dtype=np.int64), np.array(examples, dtype=np.int64),
                np.array(values, dtype=np.float64))
        t.phases = self.phases
        for (pop, var), (dt, steps, examples, unit_rows, values) in self.trajectories.items():
            t.trajectories[t.population_name(pop), var] = TrajectorySeries(
                np.array(steps, dtype=np.int64), np.array(examples, dtype=np.int64),
                np.array(unit_rows, dtype=np.int64), np.stack(values), dt)

    def _spike_table(self) -> np.ndarray:
        if not self.spike_frames:
            return np.zeros((0, 4), dtype=np.int64)
        frames = np.array(self.spike_frames, dtype=np.int64).reshape(-1, 3)
        batch = frames[:, 2]
        counts = np.array(self.spike_counts, dtype=np.int64)
        deltas = np.array(self.spike_deltas, dtype=np.int64)
        # One group per (frame, example): its step, population and example index, repeated per spike.
        group_step = np.repeat(frames[:, 0], batch)
        group_population = np.repeat(frames[:, 1], batch)
        group_example = np.arange(len(counts)) - np.repeat(np.cumsum(batch) - batch, batch)
        # Neuron indices are delta-encoded per group: a running sum restarted at each group.
        running = np.cumsum(deltas)
        before_group = np.concatenate(([0], running))[np.cumsum(counts) - counts]
        neurons = running - np.repeat(before_group, counts)
        return np.stack([np.repeat(group_step, counts), np.repeat(group_population, counts),
                         np.repeat(group_example, counts), neurons], axis=1)
