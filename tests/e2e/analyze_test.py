"""End-to-end tests of `gyrus analyze`: they train a tiny network with the real
binary, analyse it, and feed it broken and foreign files.

Run one case with:
GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest analyze_test.AnalyzeCli.test_name
"""
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

import h5py

from cli_test import CliTestCase, SOURCE_DIR, run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FIGURES = ["grid.png", "task_variance.png", "performance.png"]
TINY = ["--hidden", "4x3", "--batch", "4", "--steps", "4", "--eval-trials", "4",
        "--final-eval-trials", "4", "--swap-topk", "3"]


class AnalyzeCli(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.model_dir = tempfile.TemporaryDirectory()
        cls.model = os.path.join(cls.model_dir.name, "m.gnet.h5")
        cls.train = json.loads(run("--seed", "1", "train", *TINY, "--out", cls.model, "--json").stdout)

    @classmethod
    def tearDownClass(cls):
        cls.model_dir.cleanup()

    def analyze(self, *args, **kwargs):
        return run("analyze", self.model, *args, **kwargs)

    def copy_with_provenance(self, name, edit):
        """A copy of the model whose provenance JSON went through `edit`."""
        path = self.path(name)
        shutil.copy(self.model, path)
        with h5py.File(path, "r+") as f:
            provenance = json.loads(f["provenance"].attrs["json"])
            edit(provenance)
            f["provenance"].attrs["json"] = json.dumps(provenance)
        return path

    def test_json_scores_are_complete_and_in_range(self):
        report = json.loads(self.analyze("--json").stdout)
        self.assertEqual(report["suite"], "cog20")
        self.assertEqual(report["grid"], [4, 3])
        self.assertEqual(report["hidden"], 12)
        self.assertEqual(report["training"]["regularizer"], "bimt")
        self.assertEqual(len(report["performance"]), 20)
        for task, perf in report["performance"].items():
            self.assertGreaterEqual(perf, 0.0, task)
            self.assertLessEqual(perf, 1.0, task)
        self.assertAlmostEqual(report["mean_performance"],
                               sum(report["performance"].values()) / 20, places=12)
        self.assertEqual(report["test_trials"]["contextdm1"], 500)
        # The trainer and the analysis measure wiring and sparsity alike.
        self.assertAlmostEqual(report["wiring_cost"] / self.train["wiring_cost"], 1.0, places=5)
        self.assertEqual(report["active_neurons"], self.train["active_neurons"])
        self.assertAlmostEqual(report["share_below_threshold"], self.train["share_below_threshold"])

        clusters = report["clusters"]
        labels = clusters["unit_labels"]
        self.assertEqual(len(labels), 12)
        kept = report["variance"]["kept_units"]
        self.assertEqual(report["variance"]["excluded_epoch"], "fix1")
        self.assertEqual([i for i, label in enumerate(labels) if label >= 0],
                         kept if clusters["k"] else [])
        if clusters["k"]:
            self.assertGreaterEqual(clusters["k"], 2)
            self.assertEqual(set(labels) - {-1}, set(range(clusters["k"])))
            self.assertEqual(len(clusters["preferred_task"]), clusters["k"])
            self.assertEqual(report["functional_modularity"], clusters["silhouette"])
            self.assertEqual(max(s["silhouette"] for s in clusters["silhouette_by_k"]),
                             clusters["silhouette"])
            self.assertLessEqual(abs(report["functional_modularity"]), 1.0)
            self.assertGreaterEqual(report["anatomical_modularity"], -0.5)
            self.assertLessEqual(report["anatomical_modularity"], 1.0)
            self.assertLessEqual(report["locality"], 1.0)
            self.assertLessEqual(report["locality_within_active"], 1.0)
        else:
            for key in ["functional_modularity", "anatomical_modularity", "locality"]:
                self.assertIsNone(report[key], key)

    def test_same_seed_same_report_and_readable_text(self):
        first = self.analyze("--json", "--seed", "5").stdout
        self.assertEqual(first, self.analyze("--json", "--seed", "5").stdout)
        text = self.analyze().stdout
        for fragment in ["functional modularity", "anatomical modularity", "locality",
                         "wiring cost", "active neurons", "contextdelaydm1"]:
            self.assertIn(fragment, text)
        threshold = json.loads(self.analyze("--json", "--threshold", "10").stdout)
        self.assertEqual(threshold["active_neurons"], 0)
        self.assertEqual(threshold["share_below_threshold"], 1.0)

    def test_figures_are_pngs_with_their_data(self):
        out = self.path("figures")
        report = json.loads(self.analyze("--figures", out, "--json").stdout)
        self.assertEqual(sorted(os.listdir(out)), sorted(FIGURES + ["analysis.h5"]))
        for name in FIGURES:
            with open(os.path.join(out, name), "rb") as f:
                self.assertEqual(f.read(8), PNG_MAGIC, name)
            self.assertEqual(report["figures"][name[:-4]], os.path.join(out, name))
        with h5py.File(os.path.join(out, "analysis.h5")) as f:
            self.assertEqual(f.attrs["format"], "gyrus-analysis")
            self.assertEqual(f["w_rec"].shape, (12, 12))
            self.assertEqual(list(f["unit_labels"][()]), report["clusters"]["unit_labels"])
            self.assertEqual(f["variance"].shape, (12, 20))
            self.assertEqual(len(f.attrs["tasks"].split(",")), 20)
        # The script alone redraws from the data file.
        subprocess.run([os.environ.get("GYRUS_PYTHON", "/usr/bin/python3"),
                        os.path.join(SOURCE_DIR, "scripts", "plot_analysis.py"),
                        os.path.join(out, "analysis.h5"), "--out", self.path("again")],
                       check=True, capture_output=True, timeout=300)
        self.assertEqual(sorted(os.listdir(self.path("again"))), sorted(FIGURES))

    def test_broken_and_foreign_files_give_one_line_errors(self):
        garbage = self.path("garbage.gnet.h5")
        with open(garbage, "w") as f:
            f.write("not a network")
        batch = self.path("batch.h5")
        run("tasks", "sample", "--task", "fdgo", "--out", batch)
        truncated = self.path("truncated.gnet.h5")
        with open(self.model, "rb") as f:
            data = f.read()
        with open(truncated, "wb") as f:
            f.write(data[: len(data) // 2])
        cases = [
            (garbage, ["garbage.gnet.h5"]),
            (batch, ["batch.h5", "format"]),
            (truncated, ["truncated.gnet.h5"]),
            (self.path("missing.gnet.h5"), ["missing.gnet.h5"]),
            (self.copy_with_provenance("modcog.gnet.h5", lambda p: p.update(suite="modcog")),
             ["modcog.gnet.h5", "groups/input/size", "modcog"]),
            (self.copy_with_provenance("nosuite.gnet.h5", lambda p: p.pop("suite")),
             ["nosuite.gnet.h5", "provenance/json", "suite"]),
            (self.copy_with_provenance("cog21.gnet.h5", lambda p: p.update(suite="cog21")),
             ["cog21.gnet.h5", "'cog21'"]),
        ]
        figures = self.path("figures")
        for path, fragments in cases:
            result = run("analyze", path, "--figures", figures, "--json", check=False)
            self.assert_one_line_error(result, *fragments)
            self.assertFalse(os.path.exists(figures), path)

    def test_bad_options(self):
        self.assert_one_line_error(self.analyze("--threshold", "-1", check=False), "--threshold")
        self.assert_one_line_error(run("analyze", check=False), "model")
        blocker = self.path("file")
        open(blocker, "w").close()
        self.assert_one_line_error(self.analyze("--figures", blocker, check=False), "--figures")

    def test_missing_matplotlib_is_a_clear_error(self):
        # A Python without site packages has no numpy, h5py or matplotlib.
        python = self.path("bare-python")
        with open(python, "w") as f:
            f.write("#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n")
        os.chmod(python, os.stat(python).st_mode | stat.S_IEXEC)
        figures = self.path("figures")
        env = dict(os.environ, GYRUS_PYTHON=python)
        result = subprocess.run([os.environ.get("GYRUS", "gyrus"), "analyze", self.model, "--figures",
                                 figures], capture_output=True, text=True, timeout=120, env=env)
        self.assert_one_line_error(result, "--figures", "matplotlib", "GYRUS_PYTHON")
        self.assertFalse(os.path.exists(figures))
        env["GYRUS_PYTHON"] = self.path("no-such-python")
        result = subprocess.run([os.environ.get("GYRUS", "gyrus"), "analyze", self.model, "--figures",
                                 figures], capture_output=True, text=True, timeout=120, env=env)
        self.assert_one_line_error(result, "no-such-python")
        self.assertFalse(os.path.exists(figures))


if __name__ == "__main__":
    unittest.main()
