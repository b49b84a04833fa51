#!/usr/bin/python3
"""Raster of a `gyrus sim` trace: raster.png, drawn from a trace file (--trace FILE.h5):

  one panel per probed population (--probe): a spike raster for cuba_lif, a graded-activity
  raster for the sigma-delta models (h for leaky_sigma_delta, act for sigma_delta, in
  units of 2^-F), showing only the neurons that ever did something;
  the output ports: a spike raster if they spike, else their decoded values;
  below, the cycles each step took on the chip (spikes per step for --engine ref).
  Dashed lines separate trials.

    gyrus sim net.gimg --task dm1 --trials 1 --probe hidden --figures figs/   # runs this script
    scripts/plot_raster.py figs/trace.h5 --out figs/
    scripts/plot_raster.py --check                     # are the modules there?
"""
import json
import os
import sys

from figure_support import import_plotting, save_figure, trace_script_main

# The state field that shows a graded population's activity, per neuron model.
ACTIVITY_FIELD = {"leaky_sigma_delta": "h", "sigma_delta": "act", "linear": "sigma"}


def fail(message):
    sys.exit(f"plot_raster.py: error: {message}")


def import_modules():
    global h5py, np, plt
    np, plt, h5py = import_plotting("plot_raster.py")


def load(path):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        fail(f"{path}: cannot open: {e}")
    with f:
        if f.attrs.get("format") != "gyrus-sim-trace":
            fail(f"{path}: attribute format: expected 'gyrus-sim-trace'")
        scale = 2.0 ** -int(f.attrs["frac_bits"])
        probes = []
        for name, group in f["probes"].items():
            model = group.attrs["model"]
            field = ACTIVITY_FIELD.get(model)
            probes.append({
                "name": name,
                "model": model,
                "spikes": group["output"][()] != 0 if model == "cuba_lif" else None,
                "field": field,
                "activity": group[field][()] * scale if field else None,
            })
        return {
            "trial": f["trial"][()],
            "cycles": f["cycles"][()] if "cycles" in f else None,
            "spikes": f["spikes"][()],
            "outputs": f["outputs"][()],
            "output_spikes": f["output_spikes"][()],
            "probes": probes,
            "report": json.loads(f.attrs["report"]),
        }


def trial_lines(ax, trial):
    for t in np.flatnonzero(np.diff(trial)) + 1:
        ax.axvline(t - 0.5, color="grey", linestyle="--", linewidth=0.6)


def spike_panel(ax, spikes, label):
    steps, neurons = np.nonzero(spikes)
    ax.scatter(steps, neurons, s=2, marker="|", color="black", linewidths=0.6)
    ax.set_xlim(-0.5, spikes.shape[0] - 0.5)
    ax.set_ylim(-0.5, spikes.shape[1] - 0.5)
    ax.set_ylabel(f"{label}\nneuron")


def activity_panel(fig, ax, values, label, unit):
    # Only the neurons that ever moved: pruned ones would fill the panel with zeros.
    active = np.flatnonzero(np.any(values != 0, axis=0))
    shown = values[:, active] if active.size else values[:, :1]
    limit = max(float(np.abs(shown).max()), 1e-12)
    cmap = "viridis" if shown.min() >= 0 else "RdBu_r"
    image = ax.imshow(shown.T, aspect="auto", interpolation="nearest", origin="lower", cmap=cmap,
                      vmin=0 if cmap == "viridis" else -limit, vmax=limit)
    ax.set_ylabel(f"{label}\n{active.size} of {values.shape[1]}")
    fig.colorbar(image, ax=ax, pad=0.01, fraction=0.03, label=unit)


def plot(d, path):
    panels = [(p["name"], p) for p in d["probes"]] + [("outputs", None)]
    heights = [3 if p and p["model"] != "linear" else 2 for _, p in panels] + [1.2]
    fig, axes = plt.subplots(len(heights), 1, figsize=(9, 1.3 * sum(heights) + 0.6), sharex=True,
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    axes = axes[:, 0]
    for ax, (name, probe) in zip(axes, panels):
        if probe is None:
            if d["output_spikes"].any():
                spike_panel(ax, d["output_spikes"], "outputs")
            else:
                activity_panel(fig, ax, d["outputs"], "outputs", "decoded value")
        elif probe["spikes"] is not None:
            spike_panel(ax, probe["spikes"], f"{name}\n(spikes)")
        elif probe["activity"] is not None:
            activity_panel(fig, ax, probe["activity"], name, f"{probe['field']} (decoded)")
        trial_lines(ax, d["trial"])
    bottom = axes[-1]
    steps = np.arange(len(d["trial"]))
    if d["cycles"] is not None:
        bottom.plot(steps, d["cycles"], color="tab:red", linewidth=0.8)
        bottom.set_ylabel("cycles\nper step")
    else:
        bottom.plot(steps, d["spikes"], color="tab:blue", linewidth=0.8)
        bottom.set_ylabel("spikes\nper step")
    bottom.set_xlabel("step")
    trial_lines(bottom, d["trial"])
    r = d["report"]
    axes[0].set_title(f"@{r['network']} on {r['target']} ({r['engine']}), {r['source']}: "
                      f"{r['steps']} steps", fontsize=9)
    save(fig, path)


def save(fig, path):
    save_figure(fig, path, dpi=110)


def main():
    trace_script_main(__doc__, "raster.png", import_modules, load, plot)


if __name__ == "__main__":
    main()
