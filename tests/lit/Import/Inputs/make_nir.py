"""Writes a small NIR graph in the HDF5 layout of neuromorphs/NIR (as nir.write does
through h5py: variable-length UTF-8 strings, per-neuron float arrays), as a fixture for
the NIR importer's and exporter's lit tests. Meant for dt = 0.125 s (--nir-dt 0.125),
so that every decay dt/tau and every scaled weight is an exact binary fraction:

  in (Input, 2) -> w1 (Affine) -> lif (LIF, 2; recurrent through the Linear rec)
  lif -> w2 (Linear) -> s (Scale) -> cli (CubaLI, 1) -> out (Output)
  [--readout] lif -> ro (Affine) -> out2 (Output), which becomes a `linear` population

--variant VARIANT writes one malformed or unsupported graph instead (see VARIANTS).
With --blobs FILE, also writes FileCheck lines for the dense_resource blobs the
importer must produce: 4-byte alignment, then row-major little-endian float32 of the
values worked out by hand below."""
import argparse
import struct

import h5py
import numpy as np

VARIANTS = ["ok", "conv", "unknown-edge", "v-reset", "tau-mixed", "shape", "nested",
            "missing", "affine-cycle", "orphan", "no-input-edge"]

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--variant", choices=VARIANTS, default="ok")
parser.add_argument("--readout", action="store_true")
parser.add_argument("--blobs")
args = parser.parse_args()


def f32(values):
    return np.array(values, dtype=np.float32)


def f64(values):
    return np.array(values, dtype=np.float64)


nodes = {
    "in": {"type": "Input", "shape": np.array([2], dtype=np.int64)},
    "w1": {"type": "Affine", "weight": f32([[1, 2], [3, 4]]), "bias": f32([4, 0])},
    # decay 0.125; r scales each neuron's incoming weights (folded into the rows)
    "lif": {"type": "LIF", "tau": f64([1, 1]), "r": f64([1, 2]), "v_leak": f64([0, 8]),
            "v_threshold": f64([1, 1])},
    "rec": {"type": "Linear", "weight": f32([[0, -1], [-1, 0]])},
    "w2": {"type": "Linear", "weight": f32([[1, 1]])},
    "s": {"type": "Scale", "scale": f32([2])},
    # decay_u 0.5, decay_v 0.25; weights scale by w_in*0.5*r*0.25 = 0.5
    "cli": {"type": "CubaLI", "tau_syn": f64([0.25]), "tau_mem": f64([0.5]), "r": f64([2]),
            "v_leak": f64([0]), "w_in": f64([2])},
    "out": {"type": "Output", "shape": np.array([1], dtype=np.int64)},
}
edges = [("in", "w1"), ("w1", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "w2"),
         ("w2", "s"), ("s", "cli"), ("cli", "out")]
if args.readout:
    nodes["ro"] = {"type": "Affine", "weight": f32([[1, -1]]), "bias": f32([0.25])}
    nodes["out2"] = {"type": "Output", "shape": np.array([1], dtype=np.int64)}
    edges += [("lif", "ro"), ("ro", "out2")]

if args.variant == "conv":
    nodes["conv"] = {"type": "Conv2d", "weight": f32(np.ones((1, 1, 3, 3)))}
    edges += [("lif", "conv")]
elif args.variant == "unknown-edge":
    edges += [("lif", "ghost")]
elif args.variant == "v-reset":
    nodes["lif"]["v_reset"] = f64([0, 0.5])
elif args.variant == "tau-mixed":
    nodes["lif"]["tau"] = f64([1, 0.5])
elif args.variant == "shape":
    nodes["w1"]["weight"] = f32([[1, 2, 3], [4, 5, 6]])
elif args.variant == "nested":
    nodes["sub"] = {"type": "NIRGraph"}
    edges += [("lif", "sub")]
elif args.variant == "missing":
    del nodes["lif"]["v_threshold"]
elif args.variant == "affine-cycle":
    nodes["a1"] = {"type": "Linear", "weight": f32([[1, 0], [0, 1]])}
    nodes["a2"] = {"type": "Linear", "weight": f32([[1, 0], [0, 1]])}
    edges += [("lif", "a1"), ("a1", "a2"), ("a2", "a1"), ("a2", "lif")]
elif args.variant == "orphan":
    nodes["orphan"] = {"type": "LIF", "tau": f64([1]), "r": f64([1]), "v_leak": f64([0]),
                       "v_threshold": f64([1])}
    edges += [("orphan", "cli")]
elif args.variant == "no-input-edge":
    nodes["bias_only"] = {"type": "Affine", "weight": f32([[1, 1]]), "bias": f32([1])}
    edges += [("bias_only", "cli")]

with h5py.File(args.out, "w") as f:
    f["version"] = "0.2.0"
    node = f.create_group("node")
    node["type"] = "NIRGraph"
    for name, params in nodes.items():
        group = node.create_group("nodes/" + name)
        for key, value in params.items():
            group[key] = value
    node["edges"] = np.array(edges, dtype=h5py.string_dtype())
    # NIR 0.2 writes these dicts too; they are not nodes and the importer skips them.
    node.create_group("metadata")
    node.create_group("input_type")

if args.blobs:
    # Expected snn values, by hand: row r of w1 times r*dt/tau; bias = v_leak*dt/tau +
    # r*dt/tau*b; rec scaled like w1; Scale(2)*w2 times w_in*(dt/tau_syn)*r*(dt/tau_mem).
    expected = {
        "lif_bias": [0 + 0.125 * 4, 8 * 0.125 + 0.25 * 0],
        "w1": [[0.125, 0.25], [0.75, 1.0]],
        "rec": [[0, -0.125], [-0.25, 0]],
        "lif_to_cli": [[1.0, 1.0]],
    }
    if args.readout:
        expected["out2_bias"] = [0.25]
        expected["ro"] = [[1.0, -1.0]]
    with open(args.blobs, "w") as out:
        out.write("# CHECK: dialect_resources\n")
        for name, values in sorted(expected.items()):
            data = np.array(values, dtype="<f4").tobytes()
            out.write('# CHECK-DAG: {}: "0x04000000{}"\n'.format(name, data.hex().upper()))
