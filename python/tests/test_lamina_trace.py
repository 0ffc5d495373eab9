"""Checks lamina_trace against a trace written by Lamina and its ``lamina trace export --format npy``.

Needs two environment variables (PythonReaderTest in the scenarios module sets them):
    LAMINA_TRACE   a trace.lamina written by ``lamina run``
    LAMINA_EXPORT  the folder ``lamina trace export LAMINA_TRACE --format npy --out LAMINA_EXPORT`` wrote
and, for one test, LAMINA_TRACE_V1: a schema version 1 trace (PythonReaderTest: a golden trace).
Run: python3 -m unittest discover -v -s python/tests
"""

import csv
import os
import random
import re
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import lamina_trace  # noqa: E402

NEEDS = ("set LAMINA_TRACE to a trace written by `lamina run` and LAMINA_EXPORT to its "
         "`lamina trace export --format npy` folder (PythonReaderTest does both)")


def setUpModule():
    missing = [v for v in ("LAMINA_TRACE", "LAMINA_EXPORT") if not os.environ.get(v)]
    if missing:
        why = "%s not set: %s" % (" and ".join(missing), NEEDS)
        print("test_lamina_trace skipped: " + why, file=sys.stderr)  # unittest shows skip reasons only with -v
        raise unittest.SkipTest(why)


def file_safe(name):
    """TraceExporter.fileSafe: the exporter's file name for a population or variable name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "_"


def record_ends(data, checksummed=True):
    """Byte offsets where each record (with its checksum, from schema version 2 on) ends."""
    ends = []
    pos = 0
    while pos < len(data):
        length = shift = 0
        while True:
            b = data[pos]
            pos += 1
            length |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        pos += length + (4 if checksummed else 0)
        ends.append(pos)
    return ends


def records(data, checksummed=True):
    """The TraceRecord messages of a trace's bytes."""
    out, start = [], 0
    for end in record_ends(data, checksummed):
        framed = data[start:end - (4 if checksummed else 0)]
        pos = 0
        while framed[pos] & 0x80:
            pos += 1
        out.append(lamina_trace.TraceRecord.FromString(framed[pos + 1:]))
        start = end
    return out


def delimited(message, checksummed=True):
    """A record framed as Java's TraceFileWriter frames it: length, message and, from schema version 2 on,
    the CRC32C of both, 4 bytes little-endian (version 1: as writeDelimitedTo frames it)."""
    body = message.SerializeToString()
    n = len(body)
    prefix = bytearray()
    while True:
        prefix.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            framed = bytes(prefix) + body
            return framed + (lamina_trace.crc32c(framed).to_bytes(4, "little") if checksummed else b"")


class TraceTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.trace_path = Path(os.environ["LAMINA_TRACE"])
        cls.export = Path(os.environ["LAMINA_EXPORT"])
        cls.bytes = cls.trace_path.read_bytes()
        cls.trace = lamina_trace.read(cls.trace_path)

    def write(self, data):
        f = tempfile.NamedTemporaryFile(suffix=".lamina", delete=False)
        with f:
            f.write(data)
        self.addCleanup(os.unlink, f.name)
        return f.name


class MatchesTheNpyExport(TraceTestCase):
    """Every array equals the exporter's, in dtype, shape and value."""

    def assertArrayEqual(self, expected, actual, what):
        self.assertEqual(expected.dtype, actual.dtype, what)
        self.assertEqual(expected.shape, actual.shape, what)
        self.assertTrue(np.array_equal(expected, actual), what)

    def test_the_trace_is_complete_and_records_every_kind_of_frame(self):
        t = self.trace
        self.assertTrue(t.complete, t.problem)
        self.assertFalse(t.truncated)
        self.assertEqual(len(self.bytes), t.valid_bytes)
        self.assertEqual(lamina_trace.SCHEMA_VERSION, t.header.schema_version)
        self.assertEqual(t.footer.spike_events, len(t.spike_table))
        for kind in ("spike_table", "state", "weights", "metrics", "phases", "trajectories"):
            self.assertTrue(len(getattr(t, kind)), kind + " recorded")

    def test_header_dicts(self):
        t = self.trace
        self.assertEqual([p.name for p in t.header.populations], list(t.populations))
        for p in t.header.populations:
            self.assertEqual(p.name, t.population_names[p.id])
            self.assertEqual(p.size, t.populations[p.name].size)
        self.assertEqual(sorted(j.id for j in t.header.projections), sorted(t.projections))

    def test_spikes(self):
        table = np.load(self.export / "spikes.npy")
        self.assertArrayEqual(table, self.trace.spike_table, "spikes.npy")
        for name, p in self.trace.populations.items():
            self.assertArrayEqual(table[table[:, 1] == p.id][:, [0, 2, 3]], self.trace.spikes[name], name)

    def test_state(self):
        exported = {p.name[:-len("-steps.npy")] for p in self.export.glob("state-*-steps.npy")}
        self.assertEqual(exported, {"state-%s-%s" % (file_safe(p), file_safe(v)) for p, v in self.trace.state})
        for (pop, var), s in self.trace.state.items():
            base = "state-%s-%s" % (file_safe(pop), file_safe(var))
            self.assertArrayEqual(np.load(self.export / (base + ".npy")), s.values, base)
            self.assertArrayEqual(np.load(self.export / (base + "-steps.npy")), s.steps, base + "-steps")
            self.assertArrayEqual(np.load(self.export / (base + "-units.npy")), s.units, base + "-units")

    def test_trajectories(self):
        exported = {p.name[:-len("-steps.npy")] for p in self.export.glob("trajectory-*-steps.npy")}
        self.assertEqual(exported, {"trajectory-%s-%s" % (file_safe(p), file_safe(v)) for p, v in self.trace.trajectories})
        for (pop, var), t in self.trace.trajectories.items():
            base = "trajectory-%s-%s" % (file_safe(pop), file_safe(var))
            self.assertArrayEqual(np.load(self.export / (base + ".npy")), t.values, base)
            for part in ("steps", "examples", "units"):
                self.assertArrayEqual(np.load(self.export / ("%s-%s.npy" % (base, part))), getattr(t, part),
                                      base + "-" + part)
            self.assertTrue(np.all(t.values[:, 0, :] == 0), "every path starts at 0")

    def test_weights(self):
        names = [p.name for p in self.export.glob("weights-*-steps.npy")]
        exported = {int(m.group(1)) for m in (re.fullmatch(r"weights-(\d+)-steps\.npy", n) for n in names) if m}
        self.assertEqual(exported, set(self.trace.weights))
        for projection, w in self.trace.weights.items():
            base = "weights-%d" % projection
            self.assertArrayEqual(np.load(self.export / (base + ".npy")), w.values, base)
            self.assertArrayEqual(np.load(self.export / (base + "-steps.npy")), w.steps, base + "-steps")
        self.assertTrue(self.trace.weight_extras, "PythonReaderTest's run records a readout's bias with its weights")
        extras = {n[:-len("-steps.npy")] for n in names if re.fullmatch(r"weights-\d+-extra-.+-steps\.npy", n)}
        self.assertEqual(extras, {"weights-%d-extra-%s" % (j, file_safe(name)) for j, name in self.trace.weight_extras})
        for (projection, name), e in self.trace.weight_extras.items():
            base = "weights-%d-extra-%s" % (projection, file_safe(name))
            self.assertArrayEqual(np.load(self.export / (base + ".npy")), e.values, base)
            self.assertArrayEqual(np.load(self.export / (base + "-steps.npy")), e.steps, base + "-steps")

    def test_metrics(self):
        series = {}
        with open(self.export / "metrics.csv", newline="") as f:
            for row in csv.DictReader(f):
                steps, examples, values = series.setdefault((row["population"] or None, row["name"]), ([], [], []))
                steps.append(int(row["step"]))
                examples.append(int(row["example"]) if row["example"] else -1)
                values.append(float(row["value"]))  # Java's Double.toString round-trips exactly
        self.assertEqual(set(series), set(self.trace.metrics))
        for key, (steps, examples, values) in series.items():
            m = self.trace.metrics[key]
            self.assertArrayEqual(np.array(steps, dtype=np.int64), m.steps, str(key))
            self.assertArrayEqual(np.array(examples, dtype=np.int64), m.examples, str(key))
            self.assertArrayEqual(np.array(values, dtype=np.float64), m.values, str(key))

    def test_phases(self):
        with open(self.export / "phases.csv", newline="") as f:
            rows = [(int(r["step"]), r["phase"], r["event"] == "begin", r["kind"],
                     tuple(int(j) for j in r["learning"].split())) for r in csv.DictReader(f)]
        self.assertEqual(rows, [tuple(p) for p in self.trace.phases])


class CutShort(TraceTestCase):
    """A trace cut anywhere reads up to its last complete record, like Java's TraceReader."""

    def test_cut_inside_a_record_drops_it_and_says_so(self):
        ends = record_ends(self.bytes)
        self.assertEqual(ends[-1], len(self.bytes))
        self.assertEqual(self.trace.records, len(ends))
        full = self.trace.spike_table
        middle = len(ends) // 2
        for cut in (ends[0] + 1, (ends[middle - 1] + ends[middle]) // 2, len(self.bytes) - 1):
            with self.subTest(cut=cut):
                complete = sum(1 for e in ends if e <= cut)
                t = lamina_trace.read(self.write(self.bytes[:cut]))
                self.assertTrue(t.truncated)
                self.assertIn("truncated or corrupt at byte %d" % ends[complete - 1], t.problem)
                self.assertIsNone(t.footer)
                self.assertFalse(t.complete)
                self.assertEqual(complete, t.records)
                self.assertEqual(ends[complete - 1], t.valid_bytes)
                # Frames are kept in order, so the spikes read are a prefix of all spikes.
                self.assertTrue(np.array_equal(full[:len(t.spike_table)], t.spike_table))

    def test_cut_between_records_reads_cleanly_without_a_footer(self):
        ends = record_ends(self.bytes)
        t = lamina_trace.read(self.write(self.bytes[:ends[-2]]))
        self.assertFalse(t.truncated)
        self.assertIsNone(t.footer)
        self.assertFalse(t.complete)
        self.assertEqual(len(ends) - 1, t.records)

    def test_a_file_without_a_whole_header_is_refused(self):
        ends = record_ends(self.bytes)
        for data in (b"", self.bytes[:ends[0] - 1], b"not a trace"):
            with self.subTest(size=len(data)), self.assertRaises(lamina_trace.TraceError):
                lamina_trace.read(self.write(data))


class HandBuilt(TraceTestCase):
    """Traces made here from the real one's header."""

    def test_a_newer_schema_version_is_refused(self):
        ends = record_ends(self.bytes)
        record = lamina_trace.TraceRecord()
        record.header.CopyFrom(self.trace.header)
        record.header.schema_version = lamina_trace.SCHEMA_VERSION + 1
        path = self.write(delimited(record) + self.bytes[ends[0]:])
        newer = ("schema version %d is newer than this reader's %d"
                 % (lamina_trace.SCHEMA_VERSION + 1, lamina_trace.SCHEMA_VERSION))
        with self.assertRaisesRegex(lamina_trace.UnsupportedSchemaError, newer + "; read it with"):
            lamina_trace.read(path)
        # Without a matching checksum the header may as well be damaged: the message says both.
        path = self.write(delimited(record, checksummed=False) + self.bytes[ends[0]:])
        with self.assertRaisesRegex(lamina_trace.UnsupportedSchemaError, newer + re.escape(" (or the header is corrupt")):
            lamina_trace.read(path)

    def test_a_header_without_a_schema_version_is_refused(self):
        record = lamina_trace.TraceRecord()
        record.header.CopyFrom(self.trace.header)
        record.header.schema_version = 0
        for checksummed in (True, False):
            with self.subTest(checksummed=checksummed), \
                    self.assertRaisesRegex(lamina_trace.TraceError, "the header has no schema version"):
                lamina_trace.read(self.write(delimited(record, checksummed)))

    def test_spikes_decode_per_example_from_deltas(self):
        header = lamina_trace.TraceRecord()
        header.header.CopyFrom(self.trace.header)
        a, b = (p.id for p in list(self.trace.header.populations)[:2])
        frame = lamina_trace.TraceRecord()
        frame.frame.step = 7
        frame.frame.spikes.population = b
        frame.frame.spikes.spikes.batch = 3
        # example 0 fires neurons 2, 5, 6; example 1 none; example 2 neurons 0, 4
        frame.frame.spikes.spikes.counts.extend([3, 0, 2])
        frame.frame.spikes.spikes.index_deltas.extend([2, 3, 1, 0, 4])
        other = lamina_trace.TraceRecord()
        other.CopyFrom(frame)
        other.frame.step = 8
        other.frame.spikes.population = a
        t = lamina_trace.read(self.write(delimited(header) + delimited(frame) + delimited(other)))
        fired = [(0, 2), (0, 5), (0, 6), (2, 0), (2, 4)]
        self.assertEqual([[7, b, e, n] for e, n in fired] + [[8, a, e, n] for e, n in fired], t.spike_table.tolist())
        self.assertEqual([[7, e, n] for e, n in fired], t.spikes[t.population_names[b]].tolist())
        self.assertEqual([[8, e, n] for e, n in fired], t.spikes[t.population_names[a]].tolist())

    def hand_built(self, *frames):
        """The real trace's header, then ``frames`` (records 2, 3, ...)."""
        header = lamina_trace.TraceRecord()
        header.header.CopyFrom(self.trace.header)
        out = delimited(header)
        for f in frames:
            record = lamina_trace.TraceRecord()
            record.frame.CopyFrom(f)
            out += delimited(record)
        return self.write(out)

    def test_what_a_target_records_with_its_weights_reads_per_projection_and_name(self):
        def weights(step, extras):
            f = lamina_trace.Frame(step=step)
            f.weights.projection, f.weights.rows, f.weights.cols = 3, 1, 2
            f.weights.values.extend([step, -step])
            for name, values in extras:
                e = f.weights.extras.add()
                e.name = name
                e.values.extend(values)
            return f

        t = lamina_trace.read(self.hand_built(weights(5, [("bias", [1, 2])]),
                                              weights(9, [("bias", [3, 4]), ("feature-shift", [0.5, 0.25])])))
        self.assertEqual([5, 9], t.weight_extras[3, "bias"].steps.tolist())
        self.assertEqual([[1, 2], [3, 4]], t.weight_extras[3, "bias"].values.tolist())
        self.assertEqual([9], t.weight_extras[3, "feature-shift"].steps.tolist())
        self.assertEqual([[0.5, 0.25]], t.weight_extras[3, "feature-shift"].values.tolist())
        self.assertEqual([[[5, -5]], [[9, -9]]], t.weights[3].values.tolist())
        for extras, why in (([("bias", [1]), ("bias", [2])], "named 'bias' twice"), ([("", [1])], "without a name")):
            with self.subTest(why=why), self.assertRaisesRegex(lamina_trace.TraceError, "record 2 .*weights-3: holds an"
                                                                                         " extra array " + why):
                lamina_trace.read(self.hand_built(weights(5, extras)))
        with self.assertRaisesRegex(lamina_trace.TraceError, "weights-3: its bias changed from 2 to 1 values at step 9"):
            lamina_trace.read(self.hand_built(weights(5, [("bias", [1, 2])]), weights(9, [("bias", [1])])))

    def test_frames_whose_shapes_or_counts_lie_are_refused_naming_file_and_record(self):
        """The cases of InvalidFramesTest in Java, with the exporter's messages."""
        u32_max = (1 << 32) - 1
        population = list(self.trace.header.populations)[0]
        state_series = "state-%s-h" % file_safe(population.name)

        def spikes(batch, counts, deltas):
            f = lamina_trace.Frame(step=3)
            f.spikes.population = population.id
            f.spikes.spikes.batch = batch
            f.spikes.spikes.counts.extend(counts)
            f.spikes.spikes.index_deltas.extend(deltas)
            return f

        def state(batch, units, values):
            f = lamina_trace.Frame(step=4)
            f.state.population, f.state.variable, f.state.batch = population.id, "h", batch
            f.state.units.extend(units)
            f.state.values.extend(range(values))
            return f

        def weights(rows, cols, values, step=5):
            f = lamina_trace.Frame(step=step)
            f.weights.projection, f.weights.rows, f.weights.cols = 0, rows, cols
            f.weights.values.extend(range(values))
            return f

        cases = [
            ([spikes(u32_max, [0], [])], "record 2 (spikes frame at step 3): corrupt spike set: "
                                         "spike set has 1 counts for batch 4294967295"),
            ([spikes(2, [u32_max, 2], [1])], "record 2 (spikes frame at step 3): corrupt spike set: "
                                             "spike set counts sum to 4294967297 but holds 1 indices"),
            ([spikes(1, [1], [u32_max])], "record 2 (spikes frame at step 3): corrupt spike set: "
                                          "neuron index 4294967295 of example 0 does not fit an int (2147483647 at most)"),
            ([spikes(1, [2], [1, 0])], "record 2 (spikes frame at step 3): corrupt spike set: "
                                       "spike indices of example 0 must be strictly increasing, got 1 then 1"),
            ([spikes(0, [], [])], "record 2 (spikes frame at step 3): corrupt spike set: batch must be >= 1, got 0"),
            ([state(0x80000001, [0, 1], 2)], "record 2 (state frame at step 4): %s: holds 2 values for batch "
                                             "2147483649 x 2 units" % state_series),
            ([state(2, [0], 3)], "record 2 (state frame at step 4): %s: holds 3 values for batch 2 x 1 units"
             % state_series),
            ([state(2, [], 0)], "record 2 (state frame at step 4): %s: holds 0 values for batch 2 x 0 units"
             % state_series),
            ([weights(u32_max, u32_max, 1)], "record 2 (weights frame at step 5): weights-0: holds 1 values for "
                                             "4294967295 x 4294967295"),
            ([weights(65536, 65536, 0)], "record 2 (weights frame at step 5): weights-0: holds 0 values for 65536 x 65536"),
            ([weights(2, 3, 5)], "record 2 (weights frame at step 5): weights-0: holds 5 values for 2 x 3"),
            ([weights(2, 3, 6), weights(3, 2, 6, step=6)], "record 3 (weights frame at step 6): weights-0: "
                                                           "the matrix shape changed from 2x3 to 3x2 at step 6"),
        ]
        for frames, why in cases:
            with self.subTest(why=why):
                path = self.hand_built(*frames)
                with self.assertRaises(lamina_trace.TraceError) as e:
                    lamina_trace.read(path)
                self.assertEqual("%s: %s" % (path, why), str(e.exception))


class Checksums(TraceTestCase):
    """Schema version 2: every record is followed by its CRC32C; version 1 traces still read."""

    def test_every_record_carries_the_crc32c_of_its_framing(self):
        start = 0
        for end in record_ends(self.bytes):
            self.assertEqual(lamina_trace.crc32c(self.bytes[start:end - 4]), int.from_bytes(self.bytes[end - 4:end], "little"))
            start = end

    def test_a_flipped_bit_anywhere_stops_reading_before_the_record_it_damaged(self):
        ends = record_ends(self.bytes)
        full = self.trace.spike_table
        rng = random.Random(19)
        # Every bit of the header's first 32 bytes (its length, kind, schema version: they decide the framing),
        # random bits of the rest of it, then random bits of the other records (Java's test tries every bit).
        bits = (list(range(256)) + [rng.randrange(256, ends[0] * 8) for _ in range(100)]
                + [rng.randrange(ends[0] * 8, len(self.bytes) * 8) for _ in range(200)])
        for bit in bits:
            damaged = next(i for i, e in enumerate(ends) if bit // 8 < e)
            data = bytearray(self.bytes)
            data[bit // 8] ^= 1 << (bit % 8)
            path = self.write(bytes(data))
            with self.subTest(bit=bit, record=damaged + 1):
                if damaged == 0:
                    with self.assertRaises(lamina_trace.TraceError):
                        lamina_trace.read(path)
                    continue
                t = lamina_trace.read(path)
                self.assertTrue(t.truncated)
                self.assertEqual(damaged, t.records)
                self.assertEqual(ends[damaged - 1], t.valid_bytes)
                self.assertTrue(np.array_equal(full[:len(t.spike_table)], t.spike_table))

    @unittest.skipUnless(os.environ.get("LAMINA_TRACE_V1"), "LAMINA_TRACE_V1 (a version 1 trace Java wrote) not set")
    def test_a_version_1_trace_written_by_java_reads_completely(self):
        t = lamina_trace.read(os.environ["LAMINA_TRACE_V1"])
        self.assertEqual(1, t.header.schema_version)
        self.assertTrue(t.complete, t.problem)
        self.assertEqual(os.path.getsize(os.environ["LAMINA_TRACE_V1"]), t.valid_bytes)
        self.assertEqual(t.footer.spike_events, len(t.spike_table))

    def test_a_version_1_trace_without_checksums_reads_the_same(self):
        rs = records(self.bytes)
        rs[0].header.schema_version = 1
        v1 = b"".join(delimited(r, checksummed=False) for r in rs)
        t = lamina_trace.read(self.write(v1))
        self.assertTrue(t.complete, t.problem)
        self.assertEqual(len(v1), t.valid_bytes)
        self.assertEqual(self.trace.records, t.records)
        self.assertTrue(np.array_equal(self.trace.spike_table, t.spike_table))
        for key, s in self.trace.state.items():
            self.assertTrue(np.array_equal(s.values, t.state[key].values), key)
        for key, w in self.trace.weights.items():
            self.assertTrue(np.array_equal(w.values, t.weights[key].values), key)
        # Cut inside its last record, it reads up to there, as before.
        cut = lamina_trace.read(self.write(v1[:-1]))
        self.assertEqual(len(rs) - 1, cut.records)
        self.assertIn("file ends inside record %d" % len(rs), cut.problem)


if __name__ == "__main__":
    unittest.main()
