"""Sets of offers as bitsets: a Python int whose bit n stands for the offer with primary key n.

AND, OR and a population count of two such sets take microseconds, however
many offers they hold. The facet index (facet_index.py) keeps one per facet
value; the search's word index (search_words.py) stores them in PostgreSQL
as bytea, in the same bit order as `to_bytes` writes them: bit n is bit
n % 8 of byte n // 8, which is also what PostgreSQL's get_bit and set_bit
count.
"""

BIT = bytes(1 << n for n in range(8))
_BITS_OF_BYTE = [tuple(n for n in range(8) if byte >> n & 1) for byte in range(256)]


def bitset(ids) -> int:
    """The bitset with the bits of `ids` set."""
    ids = ids if isinstance(ids, list | tuple) else list(ids)
    if not ids:
        return 0
    buffer = bytearray((max(ids) >> 3) + 1)
    for pk in ids:
        buffer[pk >> 3] |= BIT[pk & 7]
    return int.from_bytes(buffer, "little")


def members(bits: int) -> list[int]:
    """The ids in a bitset, ascending."""
    ids = []
    for position, byte in enumerate(to_bytes(bits)):
        if byte:
            first = position << 3
            ids.extend(first + n for n in _BITS_OF_BYTE[byte])
    return ids


def to_bytes(bits: int, size: int | None = None) -> bytes:
    """The bitset as bytes (bit n in byte n // 8), at least `size` of them."""
    length = (bits.bit_length() + 7) >> 3
    return bits.to_bytes(max(length, size or 0), "little")


def from_bytes(data) -> int:
    """The bitset `to_bytes` wrote."""
    return int.from_bytes(data, "little")
