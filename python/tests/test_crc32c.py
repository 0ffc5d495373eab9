"""lamina_trace.crc32c against the standard check value and a bitwise reference; needs no trace.

Run: python3 -m unittest discover -v -s python/tests
"""

import random
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lamina_trace.crc32c import crc32c, crc32c_ranges  # noqa: E402


def reference(data):
    """CRC32C bit by bit, as its definition says (reflected polynomial 0x82F63B78)."""
    reg = 0xFFFFFFFF
    for byte in data:
        reg ^= byte
        for _ in range(8):
            reg = (reg >> 1) ^ (0x82F63B78 if reg & 1 else 0)
    return reg ^ 0xFFFFFFFF


class Crc32c(unittest.TestCase):
    def test_check_values(self):
        self.assertEqual(0xE3069283, crc32c(b"123456789"))
        self.assertEqual(0, crc32c(b""))
        self.assertEqual(0x8A9136AA, crc32c(bytes(32)))  # RFC 3720, B.4
        self.assertEqual(0x62A8AB43, crc32c(b"\xff" * 32))

    def test_ranges_of_every_kind_of_length_match_the_reference(self):
        rng = random.Random(7)
        data = bytes(rng.getrandbits(8) for _ in range(30000))
        # Short (bytewise), heads of each power-of-two class, whole blocks, blocks with heads of 1..3 bytes.
        lengths = [0, 1, 2, 3, 4, 5, 31, 64, 65, 255, 256, 257, 258, 259, 260, 512, 515, 1000, 4097, 29999]
        starts = [rng.randrange(0, len(data) - n + 1) for n in lengths]
        sums = crc32c_ranges(data, starts, [s + n for s, n in zip(starts, lengths)])
        for s, n, got in zip(starts, lengths, sums.tolist()):
            self.assertEqual(reference(data[s:s + n]), got, "length %d" % n)

    def test_ranges_outside_the_data_are_refused(self):
        with self.assertRaises(ValueError):
            crc32c_ranges(b"abc", [1], [4])


if __name__ == "__main__":
    unittest.main()
