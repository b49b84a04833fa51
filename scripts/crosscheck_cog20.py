#!/usr/bin/python3
"""Cross-check gyrus's cog20 generator against Yang et al.'s original task.py.

Test mode is deterministic, so gyrus and task.py must agree value for value.
Needs a checkout of github.com/gyyang/multitask (not part of gyrus):

    gyrus tasks sample --task all --suite cog20 --mode test --out trials/
    scripts/crosscheck_cog20.py --multitask ~/src/multitask trials/

Prints the largest absolute difference per task over inputs, targets, cost
mask and target direction, checks the epochs, and exits 1 on a mismatch.
"""
import argparse
import os
import sys

import h5py
import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trials", help="directory written by `gyrus tasks sample --task all --mode test`")
    parser.add_argument("--multitask", required=True, help="checkout of gyyang/multitask (holds task.py)")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.multitask, "task.py")):
        sys.exit(f"crosscheck_cog20.py: error: {args.multitask}: no task.py there")
    sys.path.insert(0, args.multitask)
    import task as yang  # noqa: E402

    hp = {"dt": 20, "alpha": 0.2, "sigma_x": 0.01, "n_eachring": 32, "n_input": 85, "n_output": 33,
          "loss_type": "lsq", "ruleset": "all", "rule_start": 65, "rng": np.random.RandomState(0)}
    worst = 0.0
    for rule in yang.rules_dict["all"]:
        trial = yang.generate_trials(rule, hp, "test", noise_on=False)
        with h5py.File(os.path.join(args.trials, rule + ".h5"), "r") as f:
            if f.attrs["mode"] != "test":
                sys.exit(f"crosscheck_cog20.py: error: {rule}.h5 was not sampled with --mode test")
            x, y, mask, loc = f["inputs"][()], f["targets"][()], f["mask"][()], f["target_angle"][()]
            if x.shape != trial.x.shape:
                sys.exit(f"crosscheck_cog20.py: {rule}: shape {x.shape}, task.py {trial.x.shape}")
            diff = max(abs(x - trial.x).max(), abs(y - trial.y).max(),
                       abs(mask - trial.c_mask.reshape(y.shape)).max(), abs(loc - trial.y_loc).max())
            for name, (begin, end) in trial.epochs.items():
                expected = (begin or 0, x.shape[0] if end is None else end)
                ours = tuple(int(v) for v in f["epochs"][name][0])
                if ours != expected:
                    sys.exit(f"crosscheck_cog20.py: {rule}: epoch {name} is {ours}, task.py {expected}")
        print(f"{rule:16s} max |diff| = {diff:.3g}")
        worst = max(worst, diff)
    print(f"all 20 tasks: max |diff| = {worst:.3g} (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
