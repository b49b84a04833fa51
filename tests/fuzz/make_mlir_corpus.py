"""Writes the seed corpus of the MLIR fuzz target (tests/fuzz/corpus/mlir/): every
snn.network of the lit tests' .mlir files, one per seed. Files with --split-input-file
are split at their `// -----` lines; comment lines (RUN, CHECK, prose) are dropped, and
so are pieces without an snn.network (the chip dialect's tests), which the entry point
refuses at once. Extra .mlir files on the command line (what `gyrus compile --emit snn`
wrote for a network file or a NIR graph) are added whole.

  python3 tests/fuzz/make_mlir_corpus.py tests/fuzz/corpus/mlir [EXTRA.mlir...]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "tests" / "lit").rglob("*.mlir"))


def pieces(path):
    text = path.read_text()
    for index, piece in enumerate(re.split(r"^// -----.*$", text, flags=re.M)):
        lines = [line for line in piece.splitlines() if not line.lstrip().startswith("//")]
        body = "\n".join(lines).strip() + "\n"
        if "snn.network" in body:
            yield index, body


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for path in SOURCES:
        stem = path.relative_to(ROOT / "tests" / "lit").with_suffix("").as_posix()
        for index, body in pieces(path):
            name = stem.replace("/", "_") + f"_{index}.mlir"
            (out / name).write_text(body)
    for extra in sys.argv[2:]:
        path = pathlib.Path(extra)
        (out / path.name).write_text(path.read_text())


if __name__ == "__main__":
    main()
