#!/usr/bin/python3
"""Per-neuron spike rates of a trained network on its tasks, for
`gyrus place-compare --rates`.

On the chip a leaky_sigma_delta neuron sends a graded spike in a step only when
its state h, in fixed point with F fraction bits, changes (threshold 0), and the
host sends an input's change the same way. This script runs the float RNN of a
network file, h <- (1 - alpha) h + alpha relu(W_rec h + W_in x + b), on task
batches written by `gyrus tasks sample --task all --out DIR` and counts, per
neuron, the fraction of steps in which round(h * 2^F) (for inputs round(x * 2^F))
changes. Output units send nothing.

    gyrus tasks sample --task all --mode test --out batches/
    scripts/activity_rates.py model.gnet.h5 batches/ --out rates.json
"""
import argparse
import glob
import json
import os
import sys

import h5py
import numpy as np


def changes(values, frac_bits):
    """Per unit, the fraction of steps whose quantized value differs from the step
    before (the first step against 0). values: steps x trials x units."""
    q = np.round(values * (1 << frac_bits))
    previous = np.concatenate([np.zeros_like(q[:1]), q[:-1]])
    return (q != previous).reshape(-1, q.shape[-1]).mean(axis=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="network file (.gnet.h5)")
    parser.add_argument("batches", help="directory of task batches (gyrus tasks sample)")
    parser.add_argument("--out", required=True, help="rates JSON to write")
    parser.add_argument("--frac-bits", type=int, default=12)
    args = parser.parse_args()
    with h5py.File(args.model, "r") as f:
        w_in, w_rec, b = (f[f"weights/{k}"][()] for k in ("w_in", "w_rec", "b"))
        alpha = float(f["model"].attrs["alpha"])
        n_output = int(f["groups/output"].attrs["size"])
    files = sorted(glob.glob(os.path.join(args.batches, "*.h5")))
    if not files:
        sys.exit(f"activity_rates.py: error: no .h5 batches in {args.batches}")
    hidden, inputs, samples = 0.0, 0.0, 0  # samples: steps x trials over all batches
    for path in files:
        with h5py.File(path, "r") as f:
            x = f["inputs"][()].astype(np.float64)  # steps x trials x inputs
        h = np.zeros((x.shape[1], w_rec.shape[0]))
        states = np.empty((x.shape[0],) + h.shape)
        for t in range(x.shape[0]):
            h = (1 - alpha) * h + alpha * np.maximum(h @ w_rec.T + x[t] @ w_in.T + b, 0)
            states[t] = h
        count = x.shape[0] * x.shape[1]
        hidden = hidden + changes(states, args.frac_bits) * count
        inputs = inputs + changes(x, args.frac_bits) * count
        samples += count
    rates = {"hidden": (hidden / samples).tolist(), "input": (inputs / samples).tolist(),
             "output": [0.0] * n_output}
    with open(args.out, "w") as f:
        json.dump({"rates": rates, "source": {"model": args.model, "batches": len(files),
                                              "frac_bits": args.frac_bits}}, f)
    print(f"{args.out}: mean hidden rate {np.mean(rates['hidden']):.3f}, "
          f"{sum(r > 0 for r in rates['hidden'])} of {len(rates['hidden'])} hidden units send")


if __name__ == "__main__":
    main()
