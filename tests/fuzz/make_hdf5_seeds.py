"""Regenerates the seed corpora of the HDF5 fuzz targets, tests/fuzz/corpus/network and
tests/fuzz/corpus/nir, after a change to the script grammar (hdf5_script.cpp) or to a
dictionary (hdf5_dictionaries.h):

  python3 tests/fuzz/make_hdf5_seeds.py build/default

It writes the source files into a temporary directory: the lit fixtures' network file
and NIR graphs (every --variant of make_nir.py), and the regression inputs below, which
once crashed or exhausted memory; then make_hdf5_corpus (from the build directory)
encodes them, with the shipped model and the shared NIR fixtures (../shared/nir)."""
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIT = ROOT / "tests" / "lit" / "Import" / "Inputs"
NIR_VARIANTS = ["ok", "conv", "unknown-edge", "v-reset", "tau-mixed", "shape", "nested",
                "missing", "affine-cycle", "orphan", "no-input-edge"]


def unwritten_network(path):
    """A network file that declares 65535 hidden neurons but stores none of its datasets:
    the reader allocated for fill values (16 GiB for w_rec) of data the file lacks."""
    n_in, n_out, n = 1, 1, 65535
    with h5py.File(path, "w") as f:
        f.attrs.update(format="gyrus-network", format_version=np.int32(1), gyrus_version="x")
        model = f.create_group("model")
        model.attrs.update(neuron_model="leaky_rnn", alpha=0.25, sigma_rec=0.05,
                           activation="relu", readout="sigmoid")
        for name, size in (("input", n_in), ("hidden", n), ("output", n_out)):
            group = f.create_group("groups/" + name)
            group.attrs["size"] = np.int32(size)
            group.create_dataset("positions", shape=(size, 2), dtype="f4")
        f["groups/hidden"].attrs.update(grid_width=np.int32(n), grid_height=np.int32(1))
        for name, shape in (("w_in", (n, n_in)), ("w_rec", (n, n)), ("b", (n,)),
                            ("w_out", (n_out, n)), ("b_out", (n_out,))):
            f.create_dataset("weights/" + name, shape=shape, dtype="f4")
        f.create_group("provenance").attrs["json"] = "{}"


def nir_graph(path, input_shape):
    """in -> lif -> out with the Input's `shape` given: NaN, negative and overflowing
    shapes were undefined casts and products in the importer."""
    with h5py.File(path, "w") as f:
        f["version"] = "0.2.0"
        node = f.create_group("node")
        node["type"] = "NIRGraph"
        nodes = node.create_group("nodes")
        params = {
            "in": {"type": "Input", "shape": input_shape},
            "lif": {"type": "LIF", "tau": [1e-3], "r": [1.0], "v_leak": [0.0],
                    "v_threshold": [1.0]},
            "out": {"type": "Output", "shape": np.array([1])},
        }
        for name, values in params.items():
            group = nodes.create_group(name)
            for key, value in values.items():
                group[key] = value
        node["edges"] = np.array([["in", "lif"], ["lif", "out"]], dtype=object)


def run(*args):
    subprocess.run([str(a) for a in args], check=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tool = pathlib.Path(sys.argv[1]).resolve() / "tests" / "fuzz" / "make_hdf5_corpus"
    corpus = ROOT / "tests" / "fuzz" / "corpus"
    python = sys.executable
    with tempfile.TemporaryDirectory() as temporary:
        tmp = pathlib.Path(temporary)
        run(python, LIT / "make_gnet.py", tmp / "tiny.gnet.h5")
        run(python, LIT / "make_gnet.py", tmp / "softplus.gnet.h5", "--activation", "softplus")
        unwritten_network(tmp / "regression_unwritten_datasets.gnet.h5")
        for variant in NIR_VARIANTS:
            run(python, LIT / "make_nir.py", tmp / f"nir_{variant}.nir", "--variant", variant)
        run(python, LIT / "make_nir.py", tmp / "nir_readout.nir", "--readout")
        nir_graph(tmp / "regression_shape_nan.nir", np.array([np.nan]))
        nir_graph(tmp / "regression_shape_negative.nir", np.array([-3]))
        nir_graph(tmp / "regression_shape_overflow.nir", np.array([1 << 40, 1 << 40]))

        for kind in ("network", "nir"):
            for old in (corpus / kind).glob("*.script"):
                old.unlink()
        shared = ROOT.parent / "shared" / "nir"
        if not shared.is_dir():
            shared = pathlib.Path("/work/shared/nir")
        run(tool, "network", corpus / "network",
            ROOT / "examples" / "models" / "cog20_bimt_20x20.gnet.h5",
            *sorted(tmp.glob("*.gnet.h5")))
        run(tool, "nir", corpus / "nir", *sorted(shared.glob("*.nir")),
            *sorted(tmp.glob("*.nir")))


if __name__ == "__main__":
    main()
