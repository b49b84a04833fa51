"""End-to-end tests of `gyrus sim` and of `gyrus verify` without --against-float (integer
reference == cycle-accurate simulator): the shipped BIMT model and the braille NIR network,
compiled with `gyrus compile`.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus GYRUS_SHARED_NIR_DIR=../shared/nir \
    /usr/bin/python3 -m unittest sim_test.SimCli.test_name
"""
import json
import os

import h5py
import numpy as np

from cli_test import SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))
BRAILLE = os.path.join(NIR_DIR, "braille_noDelay_bias_zero.nir")
TRIALS_PER_TASK = 16  # 20 tasks x 16 trials: 42 480 steps, about 4 s on mini


class SimCli(CliTestCase):
    def compile(self, source, target):
        image = self.path(f"{os.path.basename(source).split('.')[0]}_{target}.gimg")
        run("compile", source, "--target", target, "-o", image)
        return image

    def sim(self, *args):
        return json.loads(run("sim", *args, "--json").stdout)

    def verify(self, *args):
        return json.loads(run("verify", *args, "--json").stdout)

    def test_reference_equals_simulator_on_every_cog20_task(self):
        for target, cores in [("mini", 8), ("loihi2", 2)]:
            image = self.compile(MODEL, target)
            inspected = json.loads(run("inspect", image, "--json").stdout)
            self.assertEqual(len(inspected["cores"]), cores)
            report = self.verify(image, "--task", "all", "--trials", str(TRIALS_PER_TASK))
            self.assertTrue(report["bit_exact"], report["divergence"])
            self.assertIsNone(report["divergence"])
            self.assertEqual(len(report["tasks"]), 20)
            self.assertEqual(report["trials"], 20 * TRIALS_PER_TASK)
            self.assertTrue(all(t["trials"] == TRIALS_PER_TASK for t in report["tasks"]))
            # Every trial runs its T steps plus the readout's latency of 2.
            self.assertEqual(report["steps"], 42480)
            mean = sum(t["performance"] for t in report["tasks"]) / 20
            self.assertGreater(mean, 0.9, target)

    def test_braille_nir_bit_exact_on_random_spikes(self):
        self.assertTrue(os.path.exists(BRAILLE), f"{BRAILLE} is part of the environment")
        for target in ["loihi2", "mini"]:
            image = self.compile(BRAILLE, target)
            report = self.verify(image, "--steps", "500", "--seed", "7")
            self.assertEqual(report, {"image": image, "source": "random", "seed": 7, "steps": 500,
                                      "trials": 1, "bit_exact": True, "divergence": None})
            # The random drive makes the network spike, so the check compares something.
            activity = self.sim(image, "--steps", "500", "--seed", "7")
            self.assertGreater(activity["per_step"]["spikes"]["total"], 100)
            self.assertGreater(activity["per_step"]["synaptic_ops"]["total"], 1000)
        other = self.sim(image, "--steps", "500", "--seed", "8")
        self.assertNotEqual(other["per_step"]["spikes"], activity["per_step"]["spikes"])
        text = run("verify", image, "--steps", "50").stdout
        self.assertIn("bit-exact over 50 steps", text)

    def test_sim_report_adds_up(self):
        image = self.compile(MODEL, "mini")
        s = self.sim(image, "--task", "dm1", "--trials", "2")
        self.assertEqual((s["engine"], s["source"], s["trials"]), ("sim", "task dm1", 2))
        self.assertEqual(len(s["cores"]), 8)
        per_step = s["per_step"]
        self.assertEqual(set(per_step), {"cycles", "time_us", "spikes", "packets", "hops",
                                         "synaptic_ops", "energy_pj"})
        self.assertAlmostEqual(per_step["time_us"]["mean"],
                               per_step["cycles"]["mean"] / s["clock_mhz"], places=9)
        self.assertAlmostEqual(s["total_seconds"],
                               per_step["cycles"]["total"] / s["clock_mhz"] / 1e6)
        self.assertGreaterEqual(per_step["cycles"]["max"], per_step["cycles"]["mean"])
        for key, core_key in [("synaptic_ops", "synaptic_ops"), ("packets", "packets_sent"),
                              ("spikes", "spikes")]:
            self.assertEqual(per_step[key]["total"], sum(c[core_key] for c in s["cores"]), key)
        self.assertEqual(per_step["hops"]["total"],
                         sum(c["hops_east_west"] + c["hops_north_south"] for c in s["cores"]))
        self.assertAlmostEqual(per_step["energy_pj"]["total"],
                               sum(c["energy_pj"] for c in s["cores"]),
                               delta=1e-6 * per_step["energy_pj"]["total"])
        self.assertGreater(per_step["hops"]["total"], 0)  # 8 cores on a mesh
        self.assertEqual(s["tasks"][0]["task"], "dm1")
        # The reference has the same function and no timing.
        r = self.sim(image, "--task", "dm1", "--trials", "2", "--engine", "ref")
        self.assertEqual(r["tasks"], s["tasks"])
        self.assertEqual(r["per_step"], {"spikes": per_step["spikes"]})
        self.assertEqual([c["spikes"] for c in r["cores"]], [c["spikes"] for c in s["cores"]])
        text = run("sim", image, "--task", "dm1", "--trials", "2").stdout
        self.assertRegex(text, r"cycles\s+\d+\.\d\d\s+\d+")
        self.assertIn("dm1                1.000  (2/2 trials)", text)

    def test_threads_change_no_number(self):
        # Steps are pipelined (a step's mesh runs beside the next step's cores), so a
        # step's cycles reach the trace after its function: every thread count must give
        # the same report and trace, and no step may keep a cycle count of 0.
        image = self.compile(MODEL, "mini")
        reports, traces = [], []
        for threads in ("1", "3"):
            trace = self.path(f"trace{threads}.h5")
            s = self.sim(image, "--task", "dm1", "--trials", "3", "--trace", trace,
                         "--probe", "hidden", "--threads", threads)
            del s["trace"]
            reports.append(s)
            with h5py.File(trace, "r") as f:
                traces.append({name: f[name][()] for name in
                               ["cycles", "packets", "spikes", "outputs", "core_synaptic_ops",
                                "probes/hidden/h"]})
        self.assertEqual(reports[0], reports[1])
        for name, values in traces[0].items():
            np.testing.assert_array_equal(values, traces[1][name], name)
        with open(os.path.join(SOURCE_DIR, "targets", "mini.json")) as f:
            barrier = json.load(f)["barrier_cycles"]
        self.assertTrue((traces[0]["cycles"] > barrier).all())
        self.assertEqual(traces[0]["cycles"].sum(), reports[0]["per_step"]["cycles"]["total"])

    def test_trace_holds_the_documented_datasets(self):
        image = self.compile(MODEL, "mini")
        trace = self.path("trace.h5")
        s = self.sim(image, "--task", "dm1", "--trials", "2", "--trace", trace, "--probe", "hidden")
        self.assertEqual(s["trace"], trace)
        S = s["steps"]
        with h5py.File(trace, "r") as f:
            self.assertEqual(f.attrs["format"], "gyrus-sim-trace")
            self.assertEqual(f.attrs["target"], "mini")
            self.assertEqual(json.loads(f.attrs["report"])["steps"], S)
            shapes = {"trial": (S,), "cycles": (S,), "packets": (S,), "hops": (S,),
                      "synaptic_ops": (S,), "energy_pj": (S,), "spikes": (S,),
                      "outputs": (S, 33), "output_raw": (S, 33), "output_spikes": (S, 33),
                      "output_port": (33,), "core_coords": (8, 4), "core_spikes": (S, 8),
                      "core_synaptic_ops": (S, 8)}
            for name, shape in shapes.items():
                self.assertEqual(f[name].shape, shape, name)
            self.assertEqual(f["cycles"][()].sum(), s["per_step"]["cycles"]["total"])
            self.assertEqual(f["cycles"][()].max(), s["per_step"]["cycles"]["max"])
            np.testing.assert_array_equal(f["core_spikes"][()].sum(axis=1), f["spikes"][()])
            np.testing.assert_array_equal(f["core_synaptic_ops"][()].sum(axis=1),
                                          f["synaptic_ops"][()])
            self.assertEqual(sorted(set(f["trial"][()])), [0, 1])
            np.testing.assert_array_equal(f["outputs"][()], f["output_raw"][()] * 2.0 ** -12)
            self.assertFalse(f["output_spikes"][()].any())  # linear readouts send nothing
            hidden = f["probes/hidden"]
            self.assertEqual(hidden.attrs["model"], "leaky_sigma_delta")
            self.assertEqual(hidden.attrs["fields"], "sigma,h,h_sent")
            for name in ["sigma", "h", "h_sent", "output"]:
                self.assertEqual(hidden[name].shape, (S, 400), name)
            self.assertEqual(len(set(zip(hidden["core"][()], hidden["compartment"][()]))), 400)
            self.assertTrue((hidden["core"][()] < 7).all())  # core 7 holds the readout
            self.assertGreater(np.count_nonzero(hidden["h"][()].any(axis=0)), 50)
            # A payload is the change of h it sends: it sums to h_sent.
            per_trial = [hidden["output"][()][f["trial"][()] == b].sum(axis=0) for b in (0, 1)]
            last = [hidden["h_sent"][()][f["trial"][()] == b][-1] for b in (0, 1)]
            np.testing.assert_array_equal(per_trial, last)
            h_sim = hidden["h"][()]
        reference = self.path("reference.h5")
        self.sim(image, "--task", "dm1", "--trials", "2", "--trace", reference, "--probe", "hidden",
                 "--engine", "ref")
        with h5py.File(reference, "r") as f:
            self.assertNotIn("cycles", f)
            np.testing.assert_array_equal(f["probes/hidden/h"][()], h_sim)

    def test_input_files_and_their_shapes(self):
        image = self.compile(BRAILLE, "loihi2")
        rng = np.random.default_rng(5)
        one, several = self.path("one.h5"), self.path("several.h5")
        with h5py.File(one, "w") as f:
            f["inputs"] = (rng.random((40, 12)) < 0.3).astype(np.float32)
        with h5py.File(several, "w") as f:
            f["inputs"] = (rng.random((30, 3, 12)) < 0.3).astype(np.float64)
        self.assertEqual(self.sim(image, "--input", one)["steps"], 40)
        self.assertEqual(self.sim(image, "--input", one, "--steps", "60")["steps"], 60)
        s = self.sim(image, "--input", several)
        self.assertEqual((s["steps"], s["trials"]), (90, 3))
        self.assertTrue(self.verify(image, "--input", several)["bit_exact"])
        # A task batch file from `gyrus tasks sample` drives a leaky RNN image.
        batch = self.path("dm1.h5")
        run("tasks", "sample", "--task", "dm1", "--batch", "2", "--out", batch)
        bimt = self.compile(MODEL, "loihi2")
        self.assertEqual(self.sim(bimt, "--input", batch)["trials"], 2)

    def test_figures_are_pngs(self):
        image = self.compile(BRAILLE, "loihi2")
        figures = self.path("figures")
        s = self.sim(image, "--steps", "200", "--probe", "lif1_lif", "--figures", figures)
        self.assertEqual(s["trace"], os.path.join(figures, "trace.h5"))
        for name in ["raster", "core_activity"]:
            with open(s["figures"][name], "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", name)
        ref_figures = self.path("ref_figures")
        run("sim", image, "--steps", "100", "--engine", "ref", "--figures", ref_figures)
        self.assertTrue(os.path.exists(os.path.join(ref_figures, "core_activity.png")))

    def test_bad_inputs_give_one_line_errors(self):
        braille = self.compile(BRAILLE, "loihi2")
        bimt = self.compile(MODEL, "loihi2")
        narrow, graded = self.path("narrow.h5"), self.path("graded.h5")
        with h5py.File(narrow, "w") as f:
            f["inputs"] = np.zeros((10, 5), np.float32)
        with h5py.File(graded, "w") as f:
            f["inputs"] = np.full((10, 12), 0.5, np.float32)
        cases = [
            (("sim", self.path("missing.gimg"), "--steps", "5"), ["missing.gimg"]),
            (("verify", self.path("missing.gimg")), ["missing.gimg"]),
            (("sim", braille, "--input", narrow), ["5 values per step", "take 12"]),
            (("verify", braille, "--input", narrow), ["5 values per step"]),
            (("sim", braille, "--input", graded), ["takes spikes (0 or 1)"]),
            (("sim", braille, "--input", self.path("none.h5")), ["none.h5"]),
            (("sim", braille, "--steps", "0"), ["--steps"]),
            (("verify", braille, "--steps", "0"), ["--steps"]),
            (("sim", braille), ["--steps"]),
            (("sim", bimt, "--task", "nosuch"), ["unknown task 'nosuch'"]),
            (("verify", bimt, "--task", "nosuch"), ["unknown task 'nosuch'"]),
            (("sim", braille, "--task", "dm1"), ["cannot run task trials"]),
            (("sim", braille, "--steps", "5", "--trace", self.path("t.h5"), "--probe", "nope"),
             ["unknown population 'nope'", "lif1_lif"]),
            (("sim", braille, "--steps", "5", "--trace", self.path("t.h5"), "--probe", "input"),
             ["'input' has no compartments"]),
            (("sim", braille, "--steps", "5", "--probe", "lif2"), ["--trace"]),
            (("sim", braille, "--steps", "5", "--trace", self.path("no/dir/t.h5")), ["--trace"]),
            (("sim", braille, "--steps", "5", "--engine", "lava"), ["--engine"]),
            (("verify", bimt, "--max-drop", "1"), ["--max-drop"]),
            (("verify", bimt, "--against-float", MODEL, "--steps", "5"), ["--against-float"]),
        ]
        for args, fragments in cases:
            self.assert_one_line_error(run(*args, check=False), *fragments)
        self.assertFalse(os.path.exists(self.path("t.h5")))
