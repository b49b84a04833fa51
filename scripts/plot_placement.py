#!/usr/bin/python3
"""Figures of `gyrus place-compare --figures DIR`, drawn from DIR/placement.json:

  placement_cores.png      per strategy, the largest on-chip population (the hidden
                           grid) at its positions, coloured by core; neurons that
                           quantization left without synapses are faded. A last panel
                           colours the same neurons by functional cluster when the
                           data has clusters (gyrus network files).
  placement_link_load.png  per strategy, the mesh of tiles with every link between
                           neighbouring routers coloured by its load (flits per step of
                           its busier direction, one colour scale for all panels)
                           and each tile labelled with the cores placed on it.
  placement_costs.png      the cost model's numbers side by side across strategies.

    gyrus place-compare model.gnet.h5 --target mini --figures figures/   # runs this script
    scripts/plot_placement.py figures/placement.json --out figures/
    scripts/plot_placement.py --check                 # are the modules there?
"""
import argparse
import json
import os
import sys

from figure_support import import_plotting, save_figure

DPI = 90
GREY = (0.75, 0.75, 0.75, 1.0)
COSTS = [  # key, axis label
    ("spike_hops_per_step", "spike-hops / step"),
    ("packets_per_step", "packets / step"),
    ("core_wiring", "core wiring  Σ|w|·hops"),
    ("max_link_flits_per_step", "max link load (flits / step)"),
    ("mean_link_flits_per_step", "mean link load (flits / step)"),
    ("max_core_synaptic_ops_per_step", "max synaptic ops / core / step"),
]


def fail(message):
    sys.exit(f"plot_placement.py: error: {message}")


def import_modules():
    global np, plt, LineCollection, Normalize
    np, plt, _ = import_plotting("plot_placement.py", need_h5py=False)
    from matplotlib.collections import LineCollection
    from matplotlib.colors import Normalize


def load(path):
    try:
        with open(path) as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read: {e}")
    for key in ("mesh", "layout", "strategies"):
        if key not in d:
            fail(f"{path}: no '{key}': not written by gyrus place-compare")
    return d


def save(fig, path, dpi=DPI):
    save_figure(fig, path, dpi, tight=False)


def colours(n, name="tab20"):
    cmap = plt.get_cmap(name)
    extra = plt.get_cmap("tab20b")
    return [cmap(i % 20) if i < 20 else extra((i - 20) % 20) for i in range(n)]


def panel_grid(count, width=3.2, height=3.2, columns=4):
    columns = min(columns, count)
    rows = (count + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows + 0.5),
                             squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:count])


def scatter_layout(ax, layout, node_colours):
    x, y = np.asarray(layout["x"], float), np.asarray(layout["y"], float)
    active = np.asarray(layout["active"], bool)
    node_colours = np.asarray(node_colours)
    span = max(np.ptp(x), np.ptp(y), 1.0)
    size = max(6.0, 1800.0 / max(len(x), 1) ** 0.9 * (20.0 / span) ** 0.2)
    faded = node_colours.copy()
    faded[:, 3] = 0.25
    ax.scatter(x[~active], y[~active], c=faded[~active], s=size * 0.5, linewidths=0)
    ax.scatter(x[active], y[active], c=node_colours[active], s=size, edgecolors="k",
               linewidths=0.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def plot_cores(d, path):
    layout = d["layout"]
    ok = [s for s in d["strategies"] if s["ok"]]
    clusters = d.get("clusters")
    fig, axes = panel_grid(len(ok) + (1 if clusters is not None else 0))
    for ax, s in zip(axes, ok):
        cores = np.asarray(s["core_of_neuron"])
        palette = colours(max(int(cores.max()) + 1, 1))
        scatter_layout(ax, layout, [palette[c] if c >= 0 else GREY for c in cores])
        ax.set_title(f"{s['name']}: {s['cores_used']} cores,\n"
                     f"{s['spike_hops_per_step']:.0f} spike-hops/step", fontsize=9)
    if clusters is not None:
        labels = np.asarray(clusters)
        palette = colours(max(int(labels.max()) + 1, 1))
        scatter_layout(axes[-1], layout, [palette[c] if c >= 0 else GREY for c in labels])
        k = len(set(int(c) for c in labels if c >= 0))
        axes[-1].set_title(f"functional clusters (k = {k});\ngrey: filtered out", fontsize=9)
    where = "positions" if layout["positions"] else "index order"
    fig.suptitle(f"{d.get('title', '')}: population '{layout['population']}' by core "
                 f"({where}; faded: no synapses)", fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.95), h_pad=2.0)
    save(fig, path, dpi=DPI * 0.85)  # thousands of antialiased dots: keep the PNG small


def link_segments(s, mesh):
    """(segments, loads) of every link between neighbouring routers of the wide mesh; the
    load is that of its busier direction, as the maximum link load counts it."""
    links = s["links"]
    east, west = np.asarray(links["east"], float), np.asarray(links["west"], float)
    north, south = np.asarray(links["north"], float), np.asarray(links["south"], float)
    rows, columns = east.shape
    segments, loads = [], []
    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns:
                segments.append([(c, r), (c + 1, r)])
                loads.append(max(east[r, c], west[r, c + 1]))
            if r + 1 < rows:
                segments.append([(c, r), (c, r + 1)])
                loads.append(max(north[r, c], south[r + 1, c]))
    return segments, np.asarray(loads)


def plot_link_load(d, path):
    mesh = d["mesh"]
    ok = [s for s in d["strategies"] if s["ok"]]
    per_strategy = [link_segments(s, mesh) for s in ok]
    top = max([loads.max() for _, loads in per_strategy if loads.size] + [1.0])
    norm = Normalize(vmin=0.0, vmax=top)
    cmap = plt.get_cmap("inferno_r")
    columns = mesh["chips"] * mesh["cols"]
    fig, axes = panel_grid(len(ok), width=3.3, height=3.0 * mesh["rows"] / max(columns, 1) + 0.6)
    for ax, s, (segments, loads) in zip(axes, ok, per_strategy):
        ax.add_collection(LineCollection(segments, colors=cmap(norm(loads)), linewidths=6,
                                         zorder=1))
        tiles = {}
        for core, (chip, x, y, _slot) in enumerate(s["core_coords"]):
            tiles.setdefault((chip * mesh["cols"] + x, y), []).append(core)
        for c in range(columns):
            for r in range(mesh["rows"]):
                cores = tiles.get((c, r), [])
                ax.add_patch(plt.Rectangle((c - 0.22, r - 0.22), 0.44, 0.44, zorder=2,
                                           facecolor="white" if cores else "0.9",
                                           edgecolor="k", linewidth=0.5))
                if cores and len(cores) <= 2:
                    ax.text(c, r, ",".join(map(str, cores)), ha="center", va="center",
                            fontsize=6, zorder=3)
                elif cores:
                    ax.text(c, r, f"{len(cores)}", ha="center", va="center", fontsize=6,
                            zorder=3)
        ax.set_xlim(-0.6, columns - 0.4)
        ax.set_ylim(-0.6, mesh["rows"] - 0.4)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{s['name']}: max {s['max_link_flits_per_step']:.0f}, "
                     f"mean {s['mean_link_flits_per_step']:.1f}", fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.9, 0.93))
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap),
                       cax=fig.add_axes((0.92, 0.15, 0.015, 0.7)))
    bar.set_label("flits / step (busier direction)")
    rates = "uniform rates" if d.get("uniform_rates", True) else "measured rates"
    fig.suptitle(f"{d.get('title', '')}: link loads, XY routing, {rates} "
                 "(tiles: cores placed there)", fontsize=10)
    save(fig, path)


def plot_costs(d, path):
    ok = [s for s in d["strategies"] if s["ok"]]
    names = [f"{s['name']} ({s['cores_used']})" for s in ok]
    palette = colours(len(ok), "tab10")
    fig, axes = panel_grid(len(COSTS), width=3.4, height=2.6, columns=3)
    for ax, (key, label) in zip(axes, COSTS):
        values = [s[key] for s in ok]
        ax.bar(range(len(ok)), values, color=palette)
        ax.set_xticks(range(len(ok)))
        ax.set_xticklabels(names, rotation=35, ha="right", fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(f"{d.get('title', '')}: cost model across strategies (cores used)",
                 fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    save(fig, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", help="placement.json written by gyrus place-compare")
    parser.add_argument("--out", help="directory for the PNGs (default: the data file's)")
    parser.add_argument("--check", action="store_true",
                        help="only check that numpy and matplotlib import")
    args = parser.parse_args()
    import_modules()
    if args.check:
        return
    if not args.data:
        parser.error("the data file is required")
    d = load(args.data)
    if not any(s["ok"] for s in d["strategies"]):
        fail(f"{args.data}: no strategy fits, nothing to draw")
    out = args.out or os.path.dirname(os.path.abspath(args.data))
    os.makedirs(out, exist_ok=True)
    plot_cores(d, os.path.join(out, "placement_cores.png"))
    plot_link_load(d, os.path.join(out, "placement_link_load.png"))
    plot_costs(d, os.path.join(out, "placement_costs.png"))


if __name__ == "__main__":
    main()
