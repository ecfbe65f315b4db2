"""Static word vectors distilled from the sentence model all-MiniLM-L6-v2, read in pure Python.

Used by bench/semantic_model.py, which measured this semantic model beside the rules: it did not
earn a place in the classifier (docs/moderation.md), so nothing in the app imports this.

`bench/build_word_vectors.py` built the table once, offline: each entry of MiniLM's WordPiece
vocabulary passed through the full model on its own, reduced by PCA to a few dozen dimensions and
quantised to signed bytes. Here a word is split into those pieces the way
MiniLM's own tokenizer splits it (greedy longest match, `##` for a piece inside a word) and its
vector is the mean of its pieces' vectors. Nothing here needs torch or numpy.

File layout: a first line `TPWV1 <dims> <count>`, a second line of the dimensions' scales separated
by spaces, then `count` lines of pieces, then `count * dims` signed bytes.
"""

from __future__ import annotations

import array
from functools import lru_cache
from pathlib import Path

TABLE_FILE = Path(__file__).resolve().parent / "word_vectors.bin"  # built, not committed (2 MB)
MAGIC = "TPWV1"
LONGEST_WORD = 40  # MiniLM's tokenizer gives up on longer words too (it allows 100); nobody writes one


class WordVectors:
    def __init__(self, pieces: list[str], scales: list[float], values: bytes) -> None:
        self.dims = len(scales)
        self.index = {piece: number for number, piece in enumerate(pieces)}
        self.scales = scales
        self.values = array.array("b", values)
        if len(self.values) != len(pieces) * self.dims:
            raise ValueError("word vector table: the values do not match the pieces and dimensions")

    def pieces(self, word: str) -> list[int]:
        """The vocabulary numbers of `word`'s WordPiece pieces, or [] when it cannot be split."""
        if len(word) > LONGEST_WORD:
            return []
        found, start = [], 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                number = self.index.get(piece)
                if number is not None:
                    found.append(number)
                    start = end
                    break
            else:
                return []
        return found

    def vector(self, word: str) -> tuple[float, ...] | None:
        """The mean of the word's pieces' vectors, or None for a word MiniLM would read as unknown."""
        numbers = self.pieces(word)
        if not numbers:
            return None
        dims, values, scales = self.dims, self.values, self.scales
        total = [0] * dims
        for number in numbers:
            row = values[number * dims : (number + 1) * dims]
            total = [a + b for a, b in zip(total, row, strict=True)]
        return tuple(t * s / len(numbers) for t, s in zip(total, scales, strict=True))


def read_table(path: Path = TABLE_FILE) -> WordVectors:
    data = path.read_bytes()
    first, second, rest = data.split(b"\n", 2)
    magic, dims, count = first.decode().split()
    if magic != MAGIC:
        raise ValueError(f"{path.name} is not a word vector table")
    scales = [float(s) for s in second.decode().split()]
    if len(scales) != int(dims):
        raise ValueError(f"{path.name}: {len(scales)} scales for {dims} dimensions")
    pieces = rest.split(b"\n", int(count))
    values = pieces.pop()
    return WordVectors([p.decode() for p in pieces], scales, values)


def write_table(path: Path, pieces: list[str], scales: list[float], values: bytes) -> None:
    if any("\n" in piece or not piece for piece in pieces):
        raise ValueError("a piece may not be empty or hold a line break")
    header = f"{MAGIC} {len(scales)} {len(pieces)}\n" + " ".join(f"{s:.9g}" for s in scales) + "\n"
    path.write_bytes(header.encode() + "\n".join(pieces).encode() + b"\n" + values)


@lru_cache(maxsize=1)
def shipped_table() -> WordVectors:
    """The shipped table, read once per process."""
    return read_table()
