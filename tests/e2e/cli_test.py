"""End-to-end tests of the `gyrus` command line: they run the real binary.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest cli_test.TasksCli.test_name
"""
import json
import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np

GYRUS = os.environ.get("GYRUS", "gyrus")
SOURCE_DIR = os.environ.get("GYRUS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PYTHON = os.environ.get("GYRUS_PYTHON", "/usr/bin/python3")


def run(*args, check=True):
    result = subprocess.run([GYRUS, *args], capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"gyrus {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def assert_one_line_error(self, result, *fragments):
        self.assertNotEqual(result.returncode, 0)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("gyrus: error: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        self.assertEqual(result.stdout, "")


class TasksCli(CliTestCase):
    def test_version(self):
        self.assertRegex(run("--version").stdout.strip(), r"^gyrus \d+\.\d+\.\d+$")

    def test_help_everywhere(self):
        for args in [(), ("tasks",), ("tasks", "list"), ("tasks", "sample")]:
            result = run(*args, "--help")
            self.assertIn("Usage", result.stdout + result.stderr, args)

    def test_list_json(self):
        listing = json.loads(run("tasks", "list", "--json").stdout)
        self.assertEqual(len(listing["cog20"]["tasks"]), 20)
        self.assertEqual(listing["cog20"]["inputs"], 85)
        self.assertEqual(len(listing["modcog"]["tasks"]), 82)
        self.assertEqual(listing["modcog"]["inputs"], 115)
        only = json.loads(run("tasks", "list", "--suite", "cog20", "--json").stdout)
        self.assertEqual(list(only), ["cog20"])
        text = run("tasks", "list", "--suite", "modcog").stdout
        self.assertIn("dnmcseql", text)

    def test_sample_writes_h5py_readable_batch(self):
        out = self.path("dm1.h5")
        summary = json.loads(
            run("tasks", "sample", "--task", "dm1", "--batch", "8", "--seed", "3", "--out", out, "--json").stdout)
        self.assertEqual(summary["trials"], 8)
        with h5py.File(out) as f:
            x, y, mask = f["inputs"][()], f["targets"][()], f["mask"][()]
            self.assertEqual(x.shape, (summary["steps"], 8, 85))
            self.assertEqual(y.shape, (summary["steps"], 8, 33))
            self.assertEqual(x.dtype, np.float32)
            self.assertEqual(set(np.unique(mask)), {0.0, 1.0, 2.0, 5.0, 10.0})
            self.assertEqual(f.attrs["task"], "dm1")
            self.assertEqual(f.attrs["seed"], 3)
            self.assertEqual(f.attrs["epoch_names"], "fix1,stim1,go1")
            self.assertEqual(f["epochs/go1"].shape, (8, 2))
            self.assertTrue(np.all(x[:, :, 65 + 6] > 0.8))  # dm1 is rule 6, noisy around 1

    def test_same_seed_gives_identical_files(self):
        a, b, c = self.path("a.h5"), self.path("b.h5"), self.path("c.h5")
        run("tasks", "sample", "--task", "delaydm1", "--seed", "11", "--out", a)
        run("tasks", "sample", "--task", "delaydm1", "--seed", "11", "--out", b)
        run("tasks", "sample", "--task", "delaydm1", "--seed", "12", "--out", c)
        with open(a, "rb") as fa, open(b, "rb") as fb, open(c, "rb") as fc:
            da, db, dc = fa.read(), fb.read(), fc.read()
        self.assertEqual(da, db)
        self.assertNotEqual(da, dc)

    def test_seed_is_accepted_before_the_subcommand(self):
        a, b = self.path("a.h5"), self.path("b.h5")
        run("--seed", "4", "tasks", "sample", "--task", "fdgo", "--out", a)
        run("tasks", "sample", "--task", "fdgo", "--out", b, "--seed", "4")
        with h5py.File(a) as fa, h5py.File(b) as fb:
            np.testing.assert_array_equal(fa["inputs"][()], fb["inputs"][()])

    def test_test_mode_is_a_noise_free_grid(self):
        out = self.path("t.h5")
        summary = json.loads(run("tasks", "sample", "--task", "contextdm1", "--mode", "test",
                                 "--out", out, "--json").stdout)
        self.assertEqual(summary["trials"], 500)
        with h5py.File(out) as f:
            self.assertTrue(np.all(f["inputs"][:, :, 65 + 8] == 1.0))

    def test_modcog_task(self):
        out = self.path("m.h5")
        summary = json.loads(run("tasks", "sample", "--task", "dlydm1intr", "--batch", "5",
                                 "--out", out, "--json").stdout)
        self.assertEqual(summary["suite"], "modcog")
        with h5py.File(out) as f:
            self.assertEqual(f["inputs"].shape[1:], (5, 115))
            self.assertEqual(f["labels"].shape, f["inputs"].shape[:2])

    def test_sample_all_writes_one_file_per_task(self):
        result = json.loads(run("tasks", "sample", "--task", "all", "--suite", "cog20", "--mode", "test",
                                "--out", self.path("all"), "--json").stdout)
        self.assertEqual(len(result["batches"]), 20)
        self.assertEqual(sorted(os.listdir(self.path("all"))),
                         sorted(b["task"] + ".h5" for b in result["batches"]))

    def test_plot_trial_script(self):
        trials = self.path("trials")
        run("tasks", "sample", "--task", "all", "--suite", "cog20", "--batch", "2", "--out", trials)
        figures = self.path("figures")
        overview = self.path("overview.png")
        script = os.path.join(SOURCE_DIR, "scripts", "plot_trial.py")
        subprocess.run([PYTHON, script, trials, "--out", figures, "--overview", overview], check=True,
                       capture_output=True, timeout=300)
        pngs = sorted(os.listdir(figures))
        self.assertEqual(len(pngs), 20)
        for path in [os.path.join(figures, name) for name in pngs] + [overview]:
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", path)
        bad = subprocess.run([PYTHON, script, trials, "--out", figures, "--trial", "9"],
                             capture_output=True, text=True, timeout=300)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("--trial 9 out of range", bad.stderr)

    def test_unknown_task(self):
        self.assert_one_line_error(run("tasks", "sample", "--task", "fdgoo", "--out", self.path("x.h5"),
                                       check=False), "fdgoo", "--task")
        self.assertFalse(os.path.exists(self.path("x.h5")))

    def test_task_not_in_requested_suite(self):
        self.assert_one_line_error(run("tasks", "sample", "--task", "fdgo", "--suite", "modcog",
                                       "--out", self.path("x.h5"), check=False), "fdgo")

    def test_bad_batch(self):
        for value in ["0", "-4", "many"]:
            self.assert_one_line_error(run("tasks", "sample", "--task", "fdgo", "--batch", value,
                                           "--out", self.path("x.h5"), check=False), "--batch")

    def test_bad_paths_leave_nothing_behind(self):
        missing = self.path("no/such/dir/x.h5")
        self.assert_one_line_error(run("tasks", "sample", "--task", "fdgo", "--out", missing, check=False),
                                   missing)
        self.assert_one_line_error(run("tasks", "sample", "--task", "fdgo", "--out", self.dir, check=False),
                                   self.dir)
        self.assertEqual(os.listdir(self.dir), [])

    def test_unknown_suite_and_mode(self):
        self.assert_one_line_error(run("tasks", "list", "--suite", "cog21", check=False), "--suite")
        self.assert_one_line_error(run("tasks", "sample", "--task", "fdgo", "--mode", "exam",
                                       "--out", self.path("x.h5"), check=False), "--mode")


TINY = ["--hidden", "4x3", "--batch", "4", "--eval-trials", "4", "--final-eval-trials", "4",
        "--swap-every", "2", "--swap-topk", "3"]


class TrainCli(CliTestCase):
    def test_train_writes_model_log_and_checkpoint(self):
        out, log = self.path("m.gnet.h5"), self.path("log.jsonl")
        result = json.loads(run("--seed", "2", "train", *TINY, "--steps", "6", "--eval-every", "3",
                                "--out", out, "--log", log, "--json").stdout)
        self.assertEqual(result["step"], 6)
        self.assertEqual(len(result["performance"]), 20)
        with open(log) as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual([line["step"] for line in lines], [3, 6])
        for key in ["train_loss", "regularization", "wiring_cost", "mean_performance", "active_neurons"]:
            self.assertIn(key, lines[0])
        with h5py.File(out) as f:
            self.assertEqual(f["weights/w_rec"].shape, (12, 12))
            self.assertEqual(f["weights/w_in"].shape, (12, 85))
            self.assertEqual(f["groups/hidden/positions"].shape, (12, 2))
            self.assertEqual(f["provenance"].attrs["regularizer"], "bimt")
            self.assertEqual(f["provenance"].attrs["steps"], 6)
            self.assertNotIn("optimizer", f)
        with h5py.File(out + ".ckpt") as f:
            self.assertIn("optimizer", f)
        curves = self.path("curves.png")
        subprocess.run([PYTHON, os.path.join(SOURCE_DIR, "scripts", "plot_training.py"), log, "--out", curves],
                       check=True, capture_output=True, timeout=300)
        with open(curves, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_resume_is_bit_exact(self):
        straight, half = self.path("straight.gnet.h5"), self.path("half.gnet.h5")
        run("--seed", "3", "train", *TINY, "--steps", "6", "--out", straight)
        run("--seed", "3", "train", *TINY, "--steps", "3", "--out", half)
        resumed = self.path("resumed.gnet.h5")
        run("train", "--resume", half + ".ckpt", "--steps", "6", "--out", resumed)
        with h5py.File(straight) as a, h5py.File(resumed) as b, h5py.File(half) as c:
            for name in ["w_in", "w_rec", "b", "w_out", "b_out"]:
                np.testing.assert_array_equal(a["weights/" + name][()], b["weights/" + name][()])
            self.assertFalse(np.array_equal(a["weights/w_rec"][()], c["weights/w_rec"][()]))

    def test_train_bad_inputs(self):
        out = self.path("bad.gnet.h5")
        cases = [
            (["--reg", "l2"], "l2"),
            (["--lambda", "-1e-4"], "-1e-4"),
            (["--lambda", "1e-4@5,1e-3@2"], "--lambda"),
            (["--hidden", "20x"], "--hidden"),
            (["--hidden", "0x20"], "--hidden"),
            (["--batch", "0"], "--batch"),
        ]
        for args, fragment in cases:
            self.assert_one_line_error(run("train", *TINY, *args, "--steps", "2", "--out", out, check=False),
                                       fragment)
        garbage = self.path("garbage.ckpt")
        with open(garbage, "w") as f:
            f.write("not a checkpoint")
        self.assert_one_line_error(run("train", "--resume", garbage, "--out", out, check=False),
                                   "garbage.ckpt")
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
