#!/usr/bin/python3
"""Learning curves from a `gyrus train --log FILE.jsonl`: mean and per-task
performance, training loss and penalty, wiring cost and active neurons.

    scripts/plot_training.py train.jsonl --out training.png
"""
import argparse
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log", help="JSONL log written by gyrus train --log")
    parser.add_argument("--out", required=True, help="output PNG")
    args = parser.parse_args()
    try:
        with open(args.log) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"plot_training.py: error: {args.log}: {e}")
    if not rows:
        sys.exit(f"plot_training.py: error: {args.log}: no evaluations logged")
    steps = [r["step"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))

    ax = axes[0]
    for task in rows[-1]["performance"]:
        ax.plot(steps, [r["performance"][task] for r in rows], color="0.75", lw=0.8)
    ax.plot(steps, [r["mean_performance"] for r in rows], color="k", lw=2, label="mean over tasks")
    ax.axhline(0.8, color="tab:red", ls="--", lw=0.8, label="0.8")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("step")
    ax.set_ylabel("performance (grey: each task)")
    ax.legend(frameon=False, loc="lower right")

    ax = axes[1]
    ax.plot(steps, [r["train_loss"] for r in rows], label="task loss")
    ax.plot(steps, [r["regularization"] for r in rows], label="penalty")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.legend(frameon=False)

    ax = axes[2]
    ax.plot(steps, [r["wiring_cost"] for r in rows], color="tab:purple")
    ax.set_xlabel("step")
    ax.set_ylabel("wiring cost Σ|w|·d", color="tab:purple")
    twin = ax.twinx()
    twin.plot(steps, [r["active_neurons"] for r in rows], color="tab:green")
    twin.set_ylabel("active neurons", color="tab:green")

    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
