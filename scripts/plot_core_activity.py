#!/usr/bin/python3
"""Per-core activity of a `gyrus sim` trace: core_activity.png, drawn from a trace file:

  top: spikes sent and synaptic ops of every core over time (cores x steps heatmaps);
  bottom: the same totals over the run on the chip's mesh layout, one cell per tile
  (chips side by side along x, as the simulator lays them out; the cores of a tile summed),
  with each used core's index written in its tile.
  A trace of --engine ref has no synaptic ops; only its spikes are drawn.

    gyrus sim net.gimg --steps 500 --figures figs/     # runs this script
    scripts/plot_core_activity.py figs/trace.h5 --out figs/
    scripts/plot_core_activity.py --check              # are the modules there?
"""
import json
import os
import sys

from figure_support import import_plotting, save_figure, trace_script_main


def fail(message):
    sys.exit(f"plot_core_activity.py: error: {message}")


def import_modules():
    global h5py, np, plt
    np, plt, h5py = import_plotting("plot_core_activity.py")


def load(path):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        fail(f"{path}: cannot open: {e}")
    with f:
        if f.attrs.get("format") != "gyrus-sim-trace":
            fail(f"{path}: attribute format: expected 'gyrus-sim-trace'")
        return {
            "spikes": f["core_spikes"][()],
            "ops": f["core_synaptic_ops"][()] if "core_synaptic_ops" in f else None,
            "coords": f["core_coords"][()],
            "cols": int(f.attrs["mesh_columns"]),
            "rows": int(f.attrs["mesh_rows"]),
            "chips": int(f.attrs["chips"]),
            "report": json.loads(f.attrs["report"]),
        }


def used_extent(d):
    """The mesh columns and rows to draw: the whole mesh when small, else the used corner."""
    cols, rows = d["cols"] * d["chips"], d["rows"]
    x = d["coords"][:, 0] * d["cols"] + d["coords"][:, 1]
    y = d["coords"][:, 2]
    if cols * rows > 256 and len(x):
        cols, rows = int(x.max()) + 1, int(y.max()) + 1
    return cols, rows, x, y


def mesh_panel(fig, ax, d, totals, label):
    cols, rows, x, y = used_extent(d)
    grid = np.zeros((rows, cols))
    for core, total in enumerate(totals):
        grid[y[core], x[core]] += total
    image = ax.imshow(grid, origin="lower", cmap="magma", interpolation="nearest")
    names = {}
    for core in range(len(totals)):
        names.setdefault((x[core], y[core]), []).append(str(core))
    for (cx, cy), cores in names.items():
        text = ",".join(cores) if len(cores) <= 4 else f"{cores[0]}..{cores[-1]}"
        ax.text(cx, cy, text, ha="center", va="center", fontsize=7, color="tab:cyan")
    ax.set_xlabel("mesh x")
    ax.set_ylabel("mesh y")
    ax.set_title(f"{label} over the run, per tile", fontsize=9)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02)


def time_panel(fig, ax, values, label):
    image = ax.imshow(values.T, aspect="auto", origin="lower", cmap="magma",
                      interpolation="nearest")
    ax.set_xlabel("step")
    ax.set_ylabel("core")
    ax.set_title(f"{label} per core and step", fontsize=9)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02)


def plot(d, path):
    kinds = [("spikes sent", d["spikes"])]
    if d["ops"] is not None:
        kinds.append(("synaptic ops", d["ops"]))
    fig, axes = plt.subplots(2, len(kinds), figsize=(5.5 * len(kinds), 7), squeeze=False)
    for column, (label, values) in enumerate(kinds):
        time_panel(fig, axes[0, column], values, label)
        mesh_panel(fig, axes[1, column], d, values.sum(axis=0), label)
    r = d["report"]
    fig.suptitle(f"@{r['network']} on {r['target']} ({r['engine']}), {r['source']}: "
                 f"{r['steps']} steps", fontsize=10)
    save(fig, path)


def save(fig, path):
    save_figure(fig, path, dpi=110)


def main():
    trace_script_main(__doc__, "core_activity.png", import_modules, load, plot)


if __name__ == "__main__":
    main()
