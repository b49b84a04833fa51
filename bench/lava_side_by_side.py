#!/usr/bin/python3
"""gyrus's simulator and Lava's CPU fixed-point models on the same image: steps per second.

    GYRUS_LAVA_PATH=/tmp/lava/src bench/lava_side_by_side.py IMAGE [--steps 1000]

gyrus: `gyrus sim IMAGE --steps N --engine sim|ref` (random input), timed as a whole
process (load included, so a slight underestimate of its step rate). Lava: the network
the bridge builds (targets/lava/gyrus_lava), zero input, timed from the first run call
(Lava's compile and process start-up reported separately). Prints one JSON object.
"""
import argparse
import json
import os
import subprocess
import sys
import time

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(SOURCE, "targets", "lava"))
if os.environ.get("GYRUS_LAVA_PATH"):
    sys.path.insert(0, os.environ["GYRUS_LAVA_PATH"])


def time_gyrus(gyrus, image, steps, engine):
    start = time.perf_counter()
    subprocess.run([gyrus, "sim", image, "--steps", str(steps), "--engine", engine],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def time_lava(image, steps):
    from gyrus_lava import gimg
    from gyrus_lava.lava_net import LavaNetwork
    from gyrus_lava.network import build_plan
    plan = build_plan(gimg.load(image))
    inputs = [[[0] * p["size"]] * steps for p in plan["inputs"]]
    net = LavaNetwork(plan, steps)
    try:
        start = time.perf_counter()
        net.run_steps(1, [rows[:1] for rows in inputs], False)  # compile and start-up
        startup = time.perf_counter() - start
        start = time.perf_counter()
        net.run_steps(steps - 1, [rows[1:] for rows in inputs], False)
        return startup, time.perf_counter() - start
    finally:
        net.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--gyrus", default=os.environ.get(
        "GYRUS", os.path.join(SOURCE, "build", "default", "tools", "gyrus", "gyrus")))
    args = parser.parse_args()
    result = {"image": args.image, "steps": args.steps}
    for engine in ["sim", "ref"]:
        seconds = time_gyrus(args.gyrus, args.image, args.steps, engine)
        result[f"gyrus_{engine}_steps_per_s"] = round(args.steps / seconds, 1)
    startup, seconds = time_lava(args.image, args.steps)
    result["lava_startup_s"] = round(startup, 2)
    result["lava_steps_per_s"] = round((args.steps - 1) / seconds, 1)
    for engine in ["sim", "ref"]:
        result[f"gyrus_{engine}_over_lava"] = round(
            result[f"gyrus_{engine}_steps_per_s"] / result["lava_steps_per_s"], 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
