"""End-to-end tests of `gyrus compile`: every input format through the pipeline.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus GYRUS_SHARED_NIR_DIR=../shared/nir \
    /usr/bin/python3 -m unittest compile_test.CompileCli.test_name
"""
import filecmp
import json
import os
import re

from cli_test import SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))


class CompileCli(CliTestCase):
    def test_shipped_model_quantizes_with_small_error(self):
        out = self.path("model.mlir")
        summary = json.loads(run("compile", MODEL, "--target", "loihi2", "-o", out, "--json").stdout)
        self.assertEqual(summary["emit"], "quantized")
        self.assertEqual(summary["neurons"], 85 + 400 + 33)
        names = [p["name"] for p in summary["projections"]]
        self.assertEqual(names, ["w_in", "w_rec", "w_out"])
        for projection in summary["projections"]:
            q = projection["quantization"]
            # 8-bit mantissas (7 bits of magnitude: mixed sign) on heavy-tailed trained
            # weights: a few percent RMS, nothing clipped.
            self.assertGreater(q["rel_rms"], 0)
            self.assertLess(q["rel_rms"], 0.05, projection["name"])
            self.assertEqual(q["saturated"], 0)
        text = open(out).read()
        self.assertIn("fixed_params", text)
        self.assertRegex(text, r"alpha_q = 819")
        # The output is valid IR that the compiler reads back.
        again = json.loads(run("compile", out, "--target", "loihi2", "--emit", "snn", "-o",
                               self.path("again.mlir"), "--json").stdout)
        self.assertEqual(again["synapses"], summary["synapses"])

    def test_emit_snn_keeps_float_weights(self):
        result = run("compile", MODEL, "--target", "mini", "--emit", "snn")
        self.assertIn("snn.network @cog20_bimt_20x20", result.stdout)
        self.assertNotIn("fixed_params", result.stdout)
        self.assertIn("emitted snn", result.stderr)

    def test_same_input_gives_identical_output(self):
        for form in ([], ["--bytecode"]):
            a, b = self.path("a.out"), self.path("b.out")
            run("compile", MODEL, "--target", "loihi2", "-o", a, *form)
            run("compile", MODEL, "--target", "loihi2", "-o", b, *form)
            self.assertTrue(filecmp.cmp(a, b, shallow=False), form)

    def test_bytecode_reads_back(self):
        bc = self.path("model.mlirbc")
        run("compile", MODEL, "--target", "loihi2", "--bytecode", "-o", bc)
        with open(bc, "rb") as f:
            self.assertEqual(f.read(4), b"ML\xefR")
        text = run("compile", bc, "--target", "loihi2").stdout
        self.assertIn("weight_exp", text)

    def test_real_nir_graphs_compile(self):
        for name, populations in [("lif_norse.nir", 2), ("two_lif_neurons.nir", 3),
                                  ("braille_noDelay_bias_zero.nir", 3)]:
            path = os.path.join(NIR_DIR, name)
            self.assertTrue(os.path.exists(path), f"{path} is part of the environment")
            summary = json.loads(run("compile", path, "--target", "loihi2", "-o",
                                     self.path(name + ".mlir"), "--json").stdout)
            self.assertEqual(len(summary["populations"]), populations, name)
            models = {p["model"] for p in summary["populations"]}
            self.assertIn("cuba_lif", models, name)
            self.assertTrue(all(p["quantized"] for p in summary["projections"]), name)

    def test_nir_dt_changes_the_decays(self):
        path = os.path.join(NIR_DIR, "lif_norse.nir")
        default = run("compile", path, "--target", "loihi2").stdout
        coarse = run("compile", path, "--target", "loihi2", "--dt", "2e-4").stdout
        dv = lambda text: int(re.search(r"dv = (\d+)", text).group(1))
        # tau = 2.5 ms: dt/tau = 0.04 -> 164 of 4096; twice the step, twice the decay.
        self.assertEqual(dv(default), 164)
        self.assertEqual(dv(coarse), 328)

    def test_errors_are_one_line_and_leave_nothing_behind(self):
        out = self.path("never.mlir")
        bad_mlir = self.path("bad.mlir")
        with open(bad_mlir, "w") as f:
            f.write("snn.network @n inputs [@x] outputs [@y] {\n"
                    "  snn.population @x size 2 model input\n"
                    "  snn.population @y size 0 model linear\n}\n")
        not_a_network = self.path("empty.h5")
        import h5py
        with h5py.File(not_a_network, "w") as f:
            f["something"] = 1
        cases = [
            (("compile", MODEL, "--target", "nosuchchip", "-o", out), ["nosuchchip"]),
            (("compile", self.path("missing.gnet.h5"), "--target", "mini", "-o", out), ["missing.gnet.h5", "no such file"]),
            (("compile", bad_mlir, "--target", "mini", "-o", out), ["bad.mlir:3:"]),
            (("compile", not_a_network, "--target", "mini", "-o", out), ["neither"]),
            (("compile", MODEL, "--target", "mini", "--emit", "image", "-o", out), ["--emit", "image"]),
            (("compile", MODEL, "--target", "mini", "--json"), ["-o"]),
            (("compile", MODEL, "--target", "mini", "--dt", "0", "-o", out), ["--dt"]),
            (("compile", os.path.join(NIR_DIR, "lif_norse.nir"), "--target", "mini", "--dt", "1", "-o", out), ["dt"]),
        ]
        for args, fragments in cases:
            self.assert_one_line_error(run(*args, check=False), *fragments)
            self.assertFalse(os.path.exists(out), args)
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad.mlir", "empty.h5"])

    def test_model_the_target_lacks_is_refused(self):
        target = self.path("lif_only.json")
        with open(os.path.join(SOURCE_DIR, "targets", "mini.json")) as f:
            description = json.load(f)
        description["name"] = "lif-only"
        description["core"]["neuron_models"] = ["cuba_lif"]
        with open(target, "w") as f:
            json.dump(description, f)
        result = run("compile", MODEL, "--target", target, check=False)
        self.assert_one_line_error(result, "leaky_sigma_delta", "lif-only")
