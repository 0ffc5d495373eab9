"""CRC32C (Castagnoli, as java.util.zip.CRC32C computes it) of many byte ranges at once, with numpy.

Python's standard library has only CRC-32/IEEE (zlib.crc32), and checking a trace byte by byte
in Python would take seconds per megabyte. Instead the ranges are checked in lockstep, one numpy
operation per byte column across all ranges of similar length:

* The CRC register update ``reg = T[(reg ^ byte) & 0xff] ^ (reg >> 8)`` is linear over GF(2),
  so the initial value 0xffffffff can be XORed into a range's first 4 bytes instead, after which
  leading zero bytes change nothing: ranges are zero-padded in front to a common length.
* A range longer than ``_BLOCK`` bytes is a head (its first ``n mod _BLOCK`` bytes) and whole
  blocks; their CRCs are combined as ``crc(A + B) = shift(crc(A), len(B)) ^ crc(B)``, where
  ``shift`` (running ``_BLOCK`` zero bytes through the register) is linear too: four tables.
"""

from __future__ import annotations

from typing import List, Sequence

import numpy as np

_POLY = 0x82F63B78  # CRC32C, reflected
_BLOCK = 256
# Elements gathered per numpy step (bounds memory: 8 bytes of index per element).
_STEP_ELEMENTS = 1 << 22


def _byte_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(_POLY), table >> 1).astype(np.uint32)
    return table


_TABLE = _byte_table()


def _raw_columns(columns: np.ndarray, reg: np.ndarray = None) -> np.ndarray:
    """Register (initial value ``reg``, default 0) after running each column of ``columns`` (bytes x lanes)."""
    if reg is None:
        reg = np.zeros(columns.shape[1], dtype=np.uint32)
    for row in columns:
        reg = _TABLE[(reg ^ row) & 0xFF] ^ (reg >> 8)
    return reg


def _shift_tables() -> List[List[int]]:
    """shift(x) = S[0][x & 0xff] ^ S[1][x >> 8 & 0xff] ^ S[2][x >> 16 & 0xff] ^ S[3][x >> 24]."""
    x = (np.arange(256, dtype=np.uint32)[None, :] << (8 * np.arange(4, dtype=np.uint32)[:, None])).ravel()
    shifted = _raw_columns(np.zeros((_BLOCK, x.size), dtype=np.uint8), x)
    return [shifted[256 * k:256 * (k + 1)].tolist() for k in range(4)]


_SHIFT = _shift_tables()


def crc32c(data: bytes) -> int:
    """CRC32C of ``data``: ``crc32c(b"123456789") == 0xE3069283``."""
    return int(crc32c_ranges(data, [0], [len(data)])[0])


def crc32c_ranges(data: bytes, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """CRC32C of ``data[starts[i]:ends[i]]`` for every i, as uint32. Ranges may overlap and come in any order."""
    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(ends, dtype=np.int64) - starts
    if np.any(lengths < 0) or np.any(starts < 0) or np.any(starts + lengths > len(data)):
        raise ValueError("ranges outside the data")
    out = np.zeros(starts.size, dtype=np.uint32)
    if starts.size == 0:
        return out
    raw = np.frombuffer(data, dtype=np.uint8)
    short = np.flatnonzero(lengths < 4)
    for i in short:  # too short to take the initial value in their first 4 bytes: rare, done bytewise
        reg = np.uint32(0xFFFFFFFF)
        for b in raw[starts[i]:starts[i] + lengths[i]]:
            reg = _TABLE[(reg ^ b) & 0xFF] ^ (reg >> np.uint32(8))
        out[i] = ~reg
    # Heads: whole ranges up to _BLOCK bytes, or the first n mod _BLOCK bytes of longer ones.
    head_lengths = np.where(lengths > _BLOCK, lengths % _BLOCK, lengths)
    heads = np.zeros(starts.size, dtype=np.uint32)
    todo = lengths >= 4
    # Classes of heads padded to the next power of two: at most twice the work of the bytes themselves.
    width = np.where(head_lengths > 0, 1 << np.ceil(np.log2(np.maximum(head_lengths, 1))).astype(np.int64), 0)
    for w in np.unique(width[todo & (head_lengths > 0)]):
        rows = np.flatnonzero(todo & (width == w))
        for chunk in np.array_split(rows, max(1, rows.size * int(w) // _STEP_ELEMENTS)):
            pos = np.arange(w, dtype=np.int64)[:, None] - (w - head_lengths[chunk])[None, :]  # w x lanes, <0: padding
            columns = np.where(pos >= 0, raw[starts[chunk][None, :] + np.maximum(pos, 0)], 0).astype(np.uint8)
            columns[(pos >= 0) & (pos < 4)] ^= 0xFF  # the initial value, in the range's first 4 bytes
            heads[chunk] = _raw_columns(columns)
    # Whole blocks of long ranges: each range's blocks in lockstep with all the others'.
    long_ranges = np.flatnonzero(lengths > _BLOCK)
    if long_ranges.size:
        firsts = starts[long_ranges] + head_lengths[long_ranges]
        counts = (lengths[long_ranges] - head_lengths[long_ranges]) // _BLOCK
        blocks_total = int(counts.sum())
        # The initial value's bytes that a head shorter than 4 bytes leaves to its range's first block.
        init_bytes = np.zeros(blocks_total, dtype=np.int64)
        init_bytes[np.cumsum(counts) - counts] = np.maximum(0, 4 - head_lengths[long_ranges])
        # Each range's blocks are contiguous: one reshape per range, then all blocks in lockstep.
        blocks = np.concatenate([raw[f:f + _BLOCK * c].reshape(c, _BLOCK) for f, c in zip(firsts.tolist(), counts.tolist())])
        blocks[:, :4][np.arange(4)[None, :] < init_bytes[:, None]] ^= 0xFF
        block_crcs = np.zeros(blocks_total, dtype=np.uint32)
        for chunk in np.array_split(np.arange(blocks_total), max(1, blocks_total * _BLOCK // _STEP_ELEMENTS)):
            block_crcs[chunk] = _raw_columns(blocks[chunk].T.copy())
        s0, s1, s2, s3 = _SHIFT
        at = 0
        for r, count in zip(long_ranges, counts.tolist()):
            acc = int(heads[r])
            for c in block_crcs[at:at + count].tolist():
                acc = s0[acc & 0xFF] ^ s1[acc >> 8 & 0xFF] ^ s2[acc >> 16 & 0xFF] ^ s3[acc >> 24] ^ c
            at += count
            heads[r] = acc
    out[todo] = ~heads[todo]
    return out
