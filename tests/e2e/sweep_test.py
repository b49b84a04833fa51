"""End-to-end tests of `gyrus sweep`: a tiny sweep really trains, analyses and
plots, and a restart skips what is finished."""
import csv
import json
import os
import unittest

from cli_test import CliTestCase, run

TINY = ["--hidden", "4x3", "--batch", "4", "--steps", "3", "--eval-trials", "4", "--final-eval-trials", "4"]


class SweepCli(CliTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("sweep")

    def test_sweep_trains_analyses_plots_and_resumes(self):
        result = json.loads(run("sweep", "--regs", "none,l1,bimt", "--lambdas", "1e-4,1e-3", "--seeds", "1",
                                *TINY, "--out", self.out, "--json").stdout)
        ids = [r["id"] for r in result["runs"]]
        self.assertEqual(ids, ["none_seed1", "l1_lambda1e-4_seed1", "l1_lambda1e-3_seed1",
                               "bimt_lambda1e-4_seed1", "bimt_lambda1e-3_seed1"])
        for row in result["runs"]:
            self.assertTrue(0 <= row["mean_error"] <= 1)
            self.assertTrue(0 <= row["active_neurons"] <= 12)
            self.assertGreater(row["wiring_cost"], 0)
        with open(os.path.join(self.out, "sweep.csv")) as f:
            self.assertEqual(len(list(csv.DictReader(f))), 5)
        for png in ["pareto_active_neurons.png", "pareto_wiring_cost.png"]:
            with open(os.path.join(self.out, png), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        model = os.path.join(self.out, "runs", "bimt_lambda1e-3_seed1", "model.gnet.h5")
        stamp = os.stat(model).st_mtime_ns
        again = run("sweep", "--regs", "none,l1,bimt", "--lambdas", "1e-4,1e-3", "--seeds", "1", *TINY,
                    "--out", self.out, "--json")
        self.assertIn("5 already finished", again.stderr)
        self.assertEqual(os.stat(model).st_mtime_ns, stamp)
        self.assertEqual(json.loads(again.stdout)["runs"], result["runs"])

    def test_shards_split_the_runs(self):
        run("sweep", "--regs", "l1", "--lambdas", "1e-4,1e-3", "--seeds", "1", *TINY, "--shard", "1/2",
            "--no-plots", "--out", self.out)
        self.assertEqual(os.listdir(os.path.join(self.out, "runs")), ["l1_lambda1e-3_seed1"])

    def test_bad_options_give_one_line_errors(self):
        for args, fragment in [(["--regs", "l2"], "l2"), (["--lambdas", "-1"], "-1"),
                               (["--seeds", "x"], "--seeds"), (["--shard", "2/2"], "--shard"),
                               (["--regs", "bimt,,l1"], "--regs")]:
            result = run("sweep", *args, *TINY, "--out", self.out, check=False)
            self.assertNotEqual(result.returncode, 0, args)
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr)
            self.assertIn(fragment, lines[0])


if __name__ == "__main__":
    unittest.main()
