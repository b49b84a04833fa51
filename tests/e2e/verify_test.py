"""End-to-end tests of `gyrus verify --against-float`: the shipped BIMT model, compiled
with `gyrus compile`, against the float network it came from.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest \
    verify_test.VerifyCli.test_name
"""
import json
import os

from cli_test import SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))


class VerifyCli(CliTestCase):
    def compile(self, target):
        image = self.path(f"{target}.gimg")
        run("compile", MODEL, "--target", target, "-o", image)
        return image

    def verify(self, image, *args):
        return json.loads(run("verify", image, "--against-float", MODEL, "--json", *args).stdout)

    def test_shipped_model_loses_at_most_two_points_on_loihi2(self):
        report = self.verify(self.compile("loihi2"), "--max-drop", "2")
        analyzed = json.loads(run("analyze", MODEL, "--json").stdout)
        self.assertEqual(report["frac_bits"], 12)
        self.assertEqual(report["latency"], 2)
        self.assertEqual(sorted(t["task"] for t in report["tasks"]), sorted(analyzed["performance"]))
        for task in report["tasks"]:
            # The float side is exactly what `gyrus analyze` measures, trial for trial.
            self.assertEqual(task["float"], analyzed["performance"][task["task"]], task["task"])
            self.assertEqual(task["trials"], analyzed["test_trials"][task["task"]])
            self.assertGreaterEqual(task["agreement"], 0.9, task["task"])
        drops = [t["float"] - t["integer"] for t in report["tasks"]]
        self.assertAlmostEqual(report["mean_drop_points"], 100 * sum(drops) / 20, places=9)
        self.assertLessEqual(report["mean_drop_points"], 2.0)
        self.assertGreater(max(t["max_output_error"] for t in report["tasks"]), 0)

    def test_partitioning_does_not_change_the_integer_results(self):
        # mini splits the 400 hidden neurons over many 64-compartment cores; loihi2 holds them
        # on one. Same weight bits, so the same integers, so the same outputs to the bit.
        one_core = self.verify(self.compile("loihi2"), "--trials", "6")
        many_cores = self.verify(self.compile("mini"), "--trials", "6")
        self.assertEqual(one_core["tasks"], many_cores["tasks"])
        self.assertTrue(all(t["trials"] == 6 for t in one_core["tasks"]))

    def test_text_report_and_max_drop(self):
        image = self.compile("loihi2")
        text = run("verify", image, "--against-float", MODEL, "--trials", "4").stdout
        self.assertIn("F = 12 fraction bits, readout 2 steps behind", text)
        self.assertRegex(text, r"contextdelaydm1\s+4\s")
        self.assertRegex(text, r"mean performance: float \d\.\d{4}, integer \d\.\d{4}, drop")
        failed = run("verify", image, "--against-float", MODEL, "--trials", "4", "--max-drop",
                     "-1", check=False)
        self.assertEqual(failed.returncode, 1)
        self.assertIn("mean performance", failed.stdout)  # the report comes first
        self.assertRegex(failed.stderr.strip(), r"^gyrus: error: the mean drop, -?\d+\.\d\d points, "
                                                r"exceeds --max-drop -1$")

    def test_errors_are_one_line(self):
        image = self.compile("loihi2")
        broken = self.path("broken.gimg")
        with open(image, "rb") as f:
            data = f.read()
        with open(broken, "wb") as f:
            f.write(data[: len(data) // 2])
        nir_image = self.path("lif.gimg")
        # A spiking network: its input port takes spikes, its outputs are no linear readouts.
        run("compile", os.path.join(NIR_DIR, "lif_norse.nir"), "--target", "loihi2", "-o",
            nir_image, check=False)
        cases = [
            # Without --against-float, verify checks the simulator (sim_test.py); --max-drop
            # belongs to the float comparison alone.
            (("verify", image, "--max-drop", "1"), ["--max-drop", "--against-float"]),
            (("verify", broken, "--against-float", MODEL), ["broken.gimg"]),
            (("verify", self.path("missing.gimg"), "--against-float", MODEL), ["missing.gimg"]),
            (("verify", image, "--against-float", self.path("missing.gnet.h5")), ["missing.gnet.h5"]),
            (("verify", image, "--against-float", MODEL, "--trials", "-1"), ["--trials"]),
        ]
        if os.path.exists(nir_image):
            cases.append((("verify", nir_image, "--against-float", MODEL), ["lif.gimg against"]))
        for args, fragments in cases:
            self.assert_one_line_error(run(*args, check=False), *fragments)
