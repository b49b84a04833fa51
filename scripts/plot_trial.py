#!/usr/bin/python3
"""Plot task trials written by `gyrus tasks sample`, in the style of Yang et al.
2019, Fig. 1: fixation and ring inputs, the rule input, target outputs and the
cost mask of one trial, with epoch boundaries.

    gyrus tasks sample --task all --mode random --seed 1 --out trials/
    scripts/plot_trial.py trials/ --out figures/             # one PNG per task
    scripts/plot_trial.py trials/ --overview docs/figures/cog20_overview.png
"""
import argparse
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def load(path, trial):
    with h5py.File(path, "r") as f:
        n = f["inputs"].shape[1]
        if not 0 <= trial < n:
            sys.exit(f"plot_trial.py: error: {path}: --trial {trial} out of range (batch has {n} trials)")
        length = int(f["trial_steps"][trial])
        names = [e for e in f.attrs["epoch_names"].split(",") if e]
        return {
            "task": f.attrs["task"],
            "suite": f.attrs["suite"],
            "dt": float(f.attrs["dt_ms"]),
            "x": f["inputs"][:length, trial, :],
            "y": f["targets"][:length, trial, :],
            "mask": f["mask"][:length, trial, :],
            "epochs": [(name, *f["epochs"][name][trial]) for name in names],
        }


def ring_size(d):
    return d["y"].shape[1] - 1


def draw_epochs(ax, d):
    for name, begin, end in d["epochs"]:
        if begin > 0:
            ax.axvline(begin - 0.5, color="w", lw=0.8, alpha=0.8)


def plot_one(d, path):
    ring = ring_size(d)
    x, y = d["x"], d["y"]
    panels = [
        ("fixation in", x[:, :1].T),
        ("ring 1 in", x[:, 1:1 + ring].T),
        ("ring 2 in", x[:, 1 + ring:1 + 2 * ring].T),
        ("rule in", x[:, 1 + 2 * ring:].T),
        ("fixation out", y[:, :1].T),
        ("ring out", y[:, 1:].T),
        ("cost mask", d["mask"][:, 1:2].T),
    ]
    heights = [1, 4, 4, 2, 1, 4, 1]
    fig, axes = plt.subplots(len(panels), 1, figsize=(7, 7), sharex=True,
                             gridspec_kw={"height_ratios": heights})
    for ax, (label, image) in zip(axes, panels):
        vmax = 5.0 if label == "cost mask" else 1.0
        ax.imshow(image, aspect="auto", interpolation="nearest", cmap="viridis", vmin=0, vmax=vmax)
        ax.set_yticks([])
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
        draw_epochs(ax, d)
    top = axes[0]
    for name, begin, end in d["epochs"]:
        top.text((begin + end) / 2, -0.9, name, ha="center", va="bottom", fontsize=7)
    steps = x.shape[0]
    ticks = np.arange(0, steps, max(1, int(500 / d["dt"])))
    axes[-1].set_xticks(ticks)
    axes[-1].set_xticklabels([f"{t * d['dt'] / 1000:g}" for t in ticks])
    axes[-1].set_xlabel("time (s)")
    fig.suptitle(f"{d['suite']} / {d['task']}", y=0.995)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_overview(trials, path):
    cols = 5
    rows = int(np.ceil(len(trials) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 2.3 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, d in zip(axes.flat, trials):
        ring = ring_size(d)
        # Stimulus rings on top, the target ring below, separated by a blank row.
        stimulus = d["x"][:, 1:1 + 2 * ring].T
        gap = np.full((2, stimulus.shape[1]), np.nan)
        target = d["y"][:, 1:].T
        fixation = np.repeat(d["x"][:, :1].T, 3, axis=0)
        ax.imshow(np.vstack([fixation, gap, stimulus, gap, target]), aspect="auto",
                  interpolation="nearest", cmap="viridis", vmin=0, vmax=1)
        draw_epochs(ax, d)
        ax.set_title(d["task"], fontsize=9)
        ax.axis("on")
        ax.set_xticks([])
        ax.set_yticks([1, 5 + ring, 6 + 2 * ring + ring // 2])
        ax.set_yticklabels(["fix", "rings in", "ring out"], fontsize=6)
    fig.suptitle("One trial per task: fixation input, both stimulus rings, target ring", y=0.995)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help=".h5 files or directories of them")
    parser.add_argument("--out", help="directory for one PNG per task")
    parser.add_argument("--overview", help="PNG with one small panel per task")
    parser.add_argument("--trial", type=int, default=0, help="trial index within each batch")
    args = parser.parse_args()
    if not args.out and not args.overview:
        parser.error("give --out, --overview or both")

    files = []
    for item in args.inputs:
        if os.path.isdir(item):
            files += sorted(os.path.join(item, f) for f in os.listdir(item) if f.endswith(".h5"))
        elif os.path.isfile(item):
            files.append(item)
        else:
            sys.exit(f"plot_trial.py: error: {item}: no such file or directory")
    if not files:
        sys.exit("plot_trial.py: error: no .h5 files found in " + " ".join(args.inputs))

    trials = [load(f, args.trial) for f in files]
    # Keep the suite's rule order rather than alphabetical file order.
    order = {name: i for i, name in enumerate(_rule_order(trials))}
    trials.sort(key=lambda d: order.get(d["task"], len(order)))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for d in trials:
            plot_one(d, os.path.join(args.out, f"{d['task']}.png"))
        print(f"wrote {len(trials)} figures to {args.out}")
    if args.overview:
        plot_overview(trials, args.overview)
        print(f"wrote {args.overview}")


def _rule_order(trials):
    """Rule order from the one-hot input: the index of the channel that is on."""
    ring = ring_size(trials[0])
    indexed = []
    for d in trials:
        rules = d["x"][:, 1 + 2 * ring:]
        indexed.append((int(np.argmax(rules.mean(axis=0))), d["task"]))
    return [task for _, task in sorted(indexed)]


if __name__ == "__main__":
    main()
