"""Writes a tiny network file (.gnet.h5, docs/file-formats.md) with h5py, as a fixture
for the importer's lit tests: 2 inputs, a 2x2 grid of hidden neurons, 1 output, every
weight distinct so that a transposed matrix shows. With --blobs, also writes FileCheck
lines for the dense_resource blobs the importer must produce (4-byte alignment, then
row-major little-endian float32)."""
import argparse
import json
import struct

import h5py
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--activation", default="relu")
parser.add_argument("--blobs")
args = parser.parse_args()

n_in, n_hidden, n_out = 2, 4, 1
arrays = {
    "w_in": np.arange(1, 1 + n_hidden * n_in, dtype=np.float32).reshape(n_hidden, n_in) / 8,
    "w_rec": (np.arange(n_hidden * n_hidden, dtype=np.float32).reshape(n_hidden, n_hidden) - 7) / 16,
    "b": np.array([0.5, -0.25, 0.0, 1.0], dtype=np.float32),
    "w_out": np.array([[1.0, -2.0, 3.0, -4.0]], dtype=np.float32),
    "b_out": np.array([0.125], dtype=np.float32),
}
positions = {
    "input": np.array([[-1.0, 0.0], [-1.0, 1.0]], dtype=np.float32),
    "hidden": np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float32),
    "output": np.array([[2.0, 0.5]], dtype=np.float32),
}

with h5py.File(args.out, "w") as f:
    f.attrs["format"] = "gyrus-network"
    f.attrs["format_version"] = np.int32(1)
    f.attrs["gyrus_version"] = "fixture"
    model = f.create_group("model")
    model.attrs["neuron_model"] = "leaky_rnn"
    model.attrs["alpha"] = 0.25
    model.attrs["sigma_rec"] = 0.05
    model.attrs["activation"] = args.activation
    model.attrs["readout"] = "sigmoid"
    for name, size in (("input", n_in), ("hidden", n_hidden), ("output", n_out)):
        group = f.create_group("groups/" + name)
        group.attrs["size"] = np.int32(size)
        group["positions"] = positions[name]
    f["groups/hidden"].attrs["grid_width"] = np.int32(2)
    f["groups/hidden"].attrs["grid_height"] = np.int32(2)
    for name, array in arrays.items():
        f["weights/" + name] = array
    f.create_group("provenance").attrs["json"] = json.dumps({"regularizer": "bimt", "seed": 3})


def blob(array):
    data = struct.pack("<I", 4) + np.ascontiguousarray(array, dtype="<f4").tobytes()
    return "0x" + data.hex().upper()


if args.blobs:
    names = {"w_in": "w_in", "w_rec": "w_rec", "w_out": "w_out", "b": "hidden_bias",
             "b_out": "output_bias"}
    with open(args.blobs, "w") as out:
        out.write("CHECK: dialect_resources\n")
        for name, array in arrays.items():
            out.write(f'CHECK-DAG: {names[name]}: "{blob(array)}"\n')
        for name, array in positions.items():
            out.write(f'CHECK-DAG: {name}_positions: "{blob(array)}"\n')
