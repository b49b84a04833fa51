#!/usr/bin/python3
"""Pareto fronts of a `gyrus sweep`: mean task error against active neurons and
against wiring cost, one colour per regulariser, with each regulariser's
non-dominated runs joined by a line.

    scripts/plot_pareto.py SWEEP_DIR/sweep.json --out SWEEP_DIR
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"none": "tab:grey", "l1": "tab:blue", "bimt": "tab:red"}


def pareto_front(points):
    """Points not dominated in (cost, error), both lower is better, sorted by cost."""
    front, best_error = [], float("inf")
    for cost, error in sorted(points):
        if error < best_error:
            front.append((cost, error))
            best_error = error
    return front


def plot(rows, key, label, path):
    fig, ax = plt.subplots(figsize=(5, 4))
    for reg in sorted({r["regularizer"] for r in rows}, key=list(COLOURS).index):
        mine = [r for r in rows if r["regularizer"] == reg]
        points = [(float(r[key]), float(r["mean_error"])) for r in mine]
        ax.scatter(*zip(*points), color=COLOURS.get(reg, "k"), label=reg, s=25)
        for r, (x, y) in zip(mine, points):
            if reg != "none":
                ax.annotate(f"λ={r['lambda']}", (x, y), fontsize=6, xytext=(3, 3), textcoords="offset points")
        front = pareto_front(points)
        if len(front) > 1:
            ax.plot(*zip(*front), color=COLOURS.get(reg, "k"), lw=1)
    ax.set_xlabel(label)
    ax.set_ylabel("mean task error (1 − performance)")
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("table", help="sweep.json written by gyrus sweep")
    parser.add_argument("--out", required=True, help="directory for the PNGs")
    args = parser.parse_args()
    try:
        with open(args.table) as f:
            rows = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"plot_pareto.py: error: {args.table}: {e}")
    if not rows:
        sys.exit(f"plot_pareto.py: error: {args.table}: no runs")
    plot(rows, "active_neurons", "active hidden neurons", os.path.join(args.out, "pareto_active_neurons.png"))
    plot(rows, "wiring_cost", "wiring cost Σ|w|·d", os.path.join(args.out, "pareto_wiring_cost.png"))
    print(f"wrote {args.out}/pareto_active_neurons.png and pareto_wiring_cost.png")


if __name__ == "__main__":
    main()
