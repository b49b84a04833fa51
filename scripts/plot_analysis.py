#!/usr/bin/python3
"""Figures of `gyrus analyze --figures DIR`, drawn from DIR/analysis.h5:

  grid.png           the hidden grid, neurons coloured by functional cluster (grey:
                     filtered out by the task-variance threshold), recurrent
                     connections drawn with alpha proportional to |w| (blue
                     excitatory, red inhibitory), as in Growing Brains' main figure;
  task_variance.png  the normalised task-variance matrix of the active units,
                     sorted by cluster (Yang et al. 2019, Fig. 2);
  performance.png    task performance on the noise-free test grids.

    gyrus analyze model.gnet.h5 --figures figures/      # runs this script
    scripts/plot_analysis.py figures/analysis.h5 --out figures/
    scripts/plot_analysis.py --check                     # are the modules there?
"""
import argparse
import json
import os
import sys

from figure_support import import_plotting, save_figure

MAX_LINES = 6000  # the strongest connections drawn; the rest are invisible anyway


def fail(message):
    sys.exit(f"plot_analysis.py: error: {message}")


def import_modules():
    global h5py, np, plt, LineCollection, Patch
    np, plt, h5py = import_plotting("plot_analysis.py")
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Patch


def cluster_colours(k):
    cmap = plt.get_cmap("tab20")
    extra = plt.get_cmap("tab20b")
    return [cmap(i % 20) if i < 20 else extra((i - 20) % 20) for i in range(k)]


GREY = (0.75, 0.75, 0.75, 1.0)


def load(path):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        fail(f"{path}: cannot open: {e}")
    with f:
        if f.attrs.get("format") != "gyrus-analysis":
            fail(f"{path}: attribute format: expected 'gyrus-analysis'")
        return {
            "positions": f["hidden_positions"][()],
            "w_rec": f["w_rec"][()],
            "labels": f["unit_labels"][()],
            "kept": f["kept_units"][()],
            "normalized": f["normalized"][()],
            "performance": f["performance"][()],
            "tasks": [t for t in f.attrs["tasks"].split(",") if t],
            "width": int(f.attrs["grid_width"]),
            "height": int(f.attrs["grid_height"]),
            "report": json.loads(f.attrs["report"]),
        }


def save(fig, path):
    save_figure(fig, path, dpi=150)


def fmt(value):
    return "n/a" if value is None else f"{value:.2f}"


def title_of(d):
    r = d["report"]
    training = r.get("training", {})
    head = r["suite"]
    if "regularizer" in training:
        head += f", {training['regularizer']}"
    if "lambda" in training:
        head += f" $\\lambda$={training['lambda']}"
    return head


def plot_grid(d, path):
    pos, w, labels = d["positions"], d["w_rec"], d["labels"]
    r = d["report"]
    k = r["clusters"]["k"]
    colours = cluster_colours(max(k, 1))
    side = 7.0
    aspect = d["height"] / max(d["width"], 1)
    fig, ax = plt.subplots(figsize=(side + 2.2, side * aspect + 0.8))

    magnitude = np.abs(w).astype(float)
    np.fill_diagonal(magnitude, 0.0)
    top = magnitude.max()
    if top > 0:
        order = np.argsort(magnitude, axis=None)[::-1][:MAX_LINES]
        rows, cols = np.unravel_index(order, magnitude.shape)
        keep = magnitude[rows, cols] > 0.01 * top
        rows, cols = rows[keep], cols[keep]
        segments = np.stack([pos[cols], pos[rows]], axis=1)  # from j to i
        alpha = np.clip(magnitude[rows, cols] / top, 0.0, 1.0)
        rgba = np.zeros((len(rows), 4))
        positive = w[rows, cols] > 0
        rgba[positive, :3] = (0.12, 0.35, 0.85)
        rgba[~positive, :3] = (0.85, 0.15, 0.15)
        rgba[:, 3] = alpha
        ax.add_collection(LineCollection(segments, colors=rgba, linewidths=0.8, zorder=1))

    node_colours = [colours[c] if c >= 0 else GREY for c in labels]
    size = max(8.0, 2400.0 / max(d["width"], d["height"]) ** 1.3)
    ax.scatter(pos[:, 0], pos[:, 1], c=node_colours, s=size, edgecolors="k", linewidths=0.3,
               zorder=2)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{title_of(d)}: {k} functional clusters\n"
                 f"locality {fmt(r['locality'])}, anatomical Q {fmt(r['anatomical_modularity'])}, "
                 f"silhouette {fmt(r['functional_modularity'])}, wiring {r['wiring_cost']:.3g}",
                 fontsize=10)
    preferred = r["clusters"]["preferred_task"]
    handles = [Patch(color=colours[c], label=f"{c}: {preferred[c]}") for c in range(k)]
    handles.append(Patch(color=GREY, label="filtered out"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7,
              frameon=False, title="cluster: preferred task", title_fontsize=7)
    save(fig, path)


def plot_variance(d, path):
    normalized, kept, labels = d["normalized"], d["kept"], d["labels"]
    tasks = d["tasks"]
    k = d["report"]["clusters"]["k"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.28 * len(tasks) + 2.5), 6.0))
    if len(kept) == 0:
        ax.text(0.5, 0.5, "no unit passes the task-variance threshold", ha="center",
                va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        unit_labels = labels[kept]
        order = np.argsort(unit_labels, kind="stable")
        image = ax.imshow(normalized[order], aspect="auto", cmap="hot", vmin=0, vmax=1,
                          interpolation="nearest")
        fig.colorbar(image, ax=ax, label="normalised task variance", fraction=0.04)
        sorted_labels = unit_labels[order]
        for boundary in np.nonzero(np.diff(sorted_labels))[0]:
            ax.axhline(boundary + 0.5, color="c", lw=0.8)
        if k > 0:
            colours = cluster_colours(k)
            for row, c in enumerate(sorted_labels):
                ax.add_patch(plt.Rectangle((-1.6, row - 0.5), 0.8, 1.0, clip_on=False,
                                           color=colours[c] if c >= 0 else GREY))
        ax.set_xticks(range(len(tasks)))
        ax.set_xticklabels(tasks, rotation=90, fontsize=7)
        ax.set_ylabel(f"{len(kept)} active units, sorted by cluster ({k})", labelpad=22)
        ax.set_yticks([])
    ax.set_title(f"{title_of(d)}: task variance", fontsize=10)
    save(fig, path)


def plot_performance(d, path):
    tasks, perf = d["tasks"], d["performance"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.3 * len(tasks) + 1.5), 3.5))
    ax.bar(range(len(tasks)), perf, color="tab:blue")
    mean = float(np.mean(perf)) if len(perf) else 0.0
    ax.axhline(mean, color="k", ls="--", lw=0.8, label=f"mean {mean:.3f}")
    ax.set_xticks(range(len(tasks)))
    ax.set_xticklabels(tasks, rotation=90, fontsize=7)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("performance (test grid)")
    ax.set_title(f"{title_of(d)}: task performance", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    save(fig, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", help="analysis.h5 written by gyrus analyze --figures")
    parser.add_argument("--out", help="directory for the PNGs (default: the data file's)")
    parser.add_argument("--check", action="store_true",
                        help="only check that numpy, h5py and matplotlib import")
    args = parser.parse_args()
    import_modules()
    if args.check:
        return
    if not args.data:
        parser.error("the data file is required")
    d = load(args.data)
    out = args.out or os.path.dirname(os.path.abspath(args.data))
    os.makedirs(out, exist_ok=True)
    plot_grid(d, os.path.join(out, "grid.png"))
    plot_variance(d, os.path.join(out, "task_variance.png"))
    plot_performance(d, os.path.join(out, "performance.png"))


if __name__ == "__main__":
    main()
