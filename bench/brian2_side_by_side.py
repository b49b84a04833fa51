#!/usr/bin/env python3
"""gyrus's chip simulator and Brian2 side by side on the same network: 10 000 LIF
neurons, Erdos-Renyi recurrence at p = 0.01 (about 1M synapses), 10 % of the neurons
driven to spike each step, single thread each. Prints each in synaptic events per second
and two ratios: raw speed (gyrus's integer reference, which like Brian2 computes the
function alone) and with the NoC (the chip simulator, cycle-accurate cores and mesh).

The network is bench/sim_bench.cpp's BM_Lif10k: the drive makes a random 10 % of the
neurons fire in the next step; the recurrent weights are far too weak to fire anyone, and
the state decays completely each step (cuba_lif du = dv = 4095), so activity is exactly
the drive's. Brian2 gets the same: a PoissonGroup at 10 % per step, one-to-one onto the
LIF group with a weight that crosses threshold, a voltage that keeps only the last step's
input, and recurrent weights of 1/1000 of threshold. Synaptic events are, as in gyrus, every
synapse a spike reaches: the recurrent ones plus the drive's one each.

Brian2 runs with the cpp_standalone device, OpenMP off (one thread); its time is the
generated program's simulation loop (device._last_run_time), without code generation or
compilation. gyrus's numbers are gyrus_sim_bench's synaptic_events_per_s: BM_Lif10kReference
(runtime/ref, what `gyrus sim --engine ref` runs) and BM_Lif10k (full NoC model,
event-driven mesh, one thread), which includes the cycle-accurate timing Brian2 does not
model at all.

    /usr/bin/python3 bench/brian2_side_by_side.py [--bench build/default/bench/gyrus_sim_bench]
        [--steps 1000] [--workdir /tmp/gyrus_brian2] [--figure docs/figures/sim_speed.png]

--figure draws the three rates as bars beside the issue's floor of 2e8 per thread.

Needs Debian's python3-brian (scripts/setup.sh installs it) and a C++ compiler.
"""

import argparse
import json
import os
import subprocess
import sys
import time

NEURONS = 10_000
P_CONNECT = 0.01
ACTIVE = 0.10


SIMULATOR = "BM_Lif10k/threads:1/stepped:0/pipelined:0/real_time"
REFERENCE = "BM_Lif10kReference/real_time"


def gyrus_events_per_s(bench, name):
    """synaptic_events_per_s of one gyrus_sim_bench benchmark, from its JSON."""
    out = subprocess.run(
        [bench, f"--benchmark_filter=^{name}$", "--benchmark_format=json",
         "--benchmark_min_time=2"],
        check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b["name"] == name]
    if not runs:
        sys.exit(f"brian2_side_by_side: {bench} ran no {name}")
    return runs[0]["synaptic_events_per_s"]


def brian2_events_per_s(steps, workdir):
    import brian2 as b2

    b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread
    b2.defaultclock.dt = 1 * b2.ms
    b2.seed(7)

    # cuba_lif with du = dv = 4095 keeps nothing from one step to the next: v is the input
    # that arrived in the last step. Brian2 checks thresholds before synapses deliver, so v
    # is cleared just before delivery and holds exactly that input at the next check.
    lif = b2.NeuronGroup(NEURONS, "v : 1", threshold="v > 1", reset="v = 0")
    lif.run_regularly("v = 0", when="before_synapses")
    drive = b2.PoissonGroup(NEURONS, rates=ACTIVE / b2.defaultclock.dt)
    feed = b2.Synapses(drive, lif, on_pre="v += 2")
    feed.connect(j="i")
    recurrent = b2.Synapses(lif, lif, on_pre="v += 0.001")
    recurrent.connect(p=P_CONNECT)
    spikes = b2.SpikeMonitor(lif)
    drive_spikes = b2.SpikeMonitor(drive, record=False)

    b2.run(steps * b2.defaultclock.dt)
    started = time.perf_counter()
    b2.device.build(directory=workdir, compile=True, run=True, debug=False)
    wall = time.perf_counter() - started
    loop = getattr(b2.device, "_last_run_time", None) or wall

    import numpy as np
    out_degree = np.bincount(np.asarray(recurrent.i[:]), minlength=NEURONS)
    fired = np.asarray(spikes.i[:])
    events = int(out_degree[fired].sum()) + int(drive_spikes.num_spikes)
    active = 100.0 * len(fired) / (steps * NEURONS)
    return events / loop, active, loop, len(recurrent)


FLOOR = 2e8  # synaptic events/s per thread, with the full NoC model on


def draw(path, brian, reference, simulator):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
    from figure_support import import_plotting, save_figure
    _, plt, _ = import_plotting("brian2_side_by_side.py", need_h5py=False)
    rows = [("gyrus ChipSimulator\n(cores and flit-level NoC)", simulator, "#c0504d"),
            ("gyrus reference\n(--engine ref, function only)", reference, "#4f81bd"),
            ("Brian2 cpp_standalone\n(function only)", brian, "#7f7f7f")]
    fig, ax = plt.subplots(figsize=(7.0, 2.8))
    for y, (label, rate, colour) in enumerate(rows):
        ax.barh(y, rate, color=colour)
        ax.text(rate * 1.08, y, f"{rate:.2g}", va="center", fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.axvline(FLOOR, color="black", linestyle="--", linewidth=1, zorder=0)
    ax.text(FLOOR * 1.05, -0.62, "the issue's floor with the NoC: 2e8", fontsize=8)
    ax.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(min(r for _, r, _ in rows) / 3, max(max(r for _, r, _ in rows), FLOOR) * 4)
    ax.set_ylim(-0.75, len(rows) - 0.5)
    ax.set_xlabel("synaptic events / s, one thread (N = 10 000, p = 0.01, 10 % active)")
    save_figure(fig, path, dpi=130)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--bench", default=os.path.join(here, "..", "build", "default", "bench",
                                                        "gyrus_sim_bench"))
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--workdir", default="/tmp/gyrus_brian2")
    parser.add_argument("--figure", help="also draw the rates into this PNG")
    args = parser.parse_args()

    simulator = gyrus_events_per_s(args.bench, SIMULATOR)
    reference = gyrus_events_per_s(args.bench, REFERENCE)
    brian, brian_active, seconds, synapses = brian2_events_per_s(args.steps, args.workdir)
    print(f"network: {NEURONS} LIF neurons, p = {P_CONNECT} ({synapses} recurrent synapses "
          f"in Brian2), {int(ACTIVE * 100)} % driven per step, one thread each")
    print(f"Brian2 cpp_standalone:                  {brian:.3e} synaptic events/s "
          f"({brian_active:.1f} % active, {args.steps} steps in {seconds:.3f} s)")
    print(f"gyrus reference (--engine ref, no NoC): {reference:.3e} synaptic events/s")
    print(f"gyrus ChipSimulator (full NoC):         {simulator:.3e} synaptic events/s")
    print(f"raw speed, reference / Brian2:  {reference / brian:.3f}")
    print(f"with the NoC, simulator / Brian2: {simulator / brian:.3f}")
    if args.figure:
        draw(args.figure, brian, reference, simulator)
        print(f"figure: {args.figure}")


if __name__ == "__main__":
    main()
