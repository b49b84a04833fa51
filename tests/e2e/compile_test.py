"""End-to-end tests of `gyrus compile`: every input format through the pipeline.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus GYRUS_SHARED_NIR_DIR=../shared/nir \
    /usr/bin/python3 -m unittest compile_test.CompileCli.test_name
"""
import filecmp
import json
import os
import re
import subprocess

from cli_test import SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
PYTHON = os.environ.get("GYRUS_PYTHON", "/usr/bin/python3")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))


class CompileCli(CliTestCase):
    def test_shipped_model_quantizes_with_small_error(self):
        out = self.path("model.mlir")
        summary = json.loads(run("compile", MODEL, "--target", "loihi2", "--emit", "quantized",
                                 "-o", out, "--json").stdout)
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
            run("compile", MODEL, "--target", "loihi2", "--emit", "quantized", "-o", a, *form)
            run("compile", MODEL, "--target", "loihi2", "--emit", "quantized", "-o", b, *form)
            self.assertTrue(filecmp.cmp(a, b, shallow=False), form)

    def test_bytecode_reads_back(self):
        bc = self.path("model.mlirbc")
        run("compile", MODEL, "--target", "loihi2", "--emit", "quantized", "--bytecode", "-o", bc)
        with open(bc, "rb") as f:
            self.assertEqual(f.read(4), b"ML\xefR")
        text = run("compile", bc, "--target", "loihi2", "--emit", "quantized").stdout
        self.assertIn("weight_exp", text)

    def test_real_nir_graphs_compile(self):
        for name, populations in [("lif_norse.nir", 2), ("two_lif_neurons.nir", 3),
                                  ("braille_noDelay_bias_zero.nir", 3)]:
            path = os.path.join(NIR_DIR, name)
            self.assertTrue(os.path.exists(path), f"{path} is part of the environment")
            summary = json.loads(run("compile", path, "--target", "loihi2", "--emit", "quantized",
                                     "-o", self.path(name + ".mlir"), "--json").stdout)
            self.assertEqual(len(summary["populations"]), populations, name)
            models = {p["model"] for p in summary["populations"]}
            self.assertIn("cuba_lif", models, name)
            self.assertTrue(all(p["quantized"] for p in summary["projections"]), name)

    def test_nir_dt_changes_the_decays(self):
        path = os.path.join(NIR_DIR, "lif_norse.nir")
        default = run("compile", path, "--target", "loihi2", "--emit", "quantized").stdout
        coarse = run("compile", path, "--target", "loihi2", "--emit", "quantized", "--dt",
                     "2e-4").stdout
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
            (("compile", MODEL, "--target", "mini", "--emit", "netlist", "-o", out), ["--emit", "netlist"]),
            (("compile", MODEL, "--target", "mini", "--emit", "quantized", "--json"), ["-o"]),
            (("compile", MODEL, "--target", "mini"), ["--emit image", "-o"]),
            (("compile", MODEL, "--target", "mini", "--bytecode", "-o", out), ["--bytecode"]),
            (("compile", MODEL, "--target", "mini", "--partition", "greedy", "-o", out), ["--partition", "greedy"]),
            (("compile", MODEL, "--target", "mini", "--cores", "17", "-o", out), ["17", "16", "mini"]),
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
        result = run("compile", MODEL, "--target", target, "-o", self.path("x.gimg"), check=False)
        self.assert_one_line_error(result, "leaky_sigma_delta", "lif-only")

    def read_image(self, path):
        """The image as scripts/read_gimg.py, the independent reader of the spec, sees it."""
        reader = os.path.join(SOURCE_DIR, "scripts", "read_gimg.py")
        return json.loads(subprocess.run([PYTHON, reader, "--json", path], check=True,
                                         capture_output=True, text=True).stdout)

    def test_shipped_model_compiles_to_an_image_for_mini_and_loihi2(self):
        for target, strategy in [("mini", "spatial"), ("mini", "linear"),
                                 ("loihi2", "spatial"), ("loihi2", "linear")]:
            out = self.path(f"{target}-{strategy}.gimg")
            summary = json.loads(run("compile", MODEL, "--target", target, "--partition", strategy,
                                     "--placement", strategy, "-o", out, "--json").stdout)
            label = (target, strategy)
            self.assertEqual(summary["emit"], "image", label)
            self.assertEqual(summary["neurons"], 85 + 400 + 33, label)
            image = self.read_image(out)
            self.assertEqual(image["target"]["name"], target, label)
            self.assertEqual(image["metadata"]["network_name"], "cog20_bimt_20x20", label)
            self.assertTrue(image["metadata"]["source_hash"].startswith("sha256:"), label)
            self.assertIn(f"strategy={strategy}", image["metadata"]["strategy"], label)
            self.assertEqual(len(image["cores"]), summary["cores"], label)
            self.assertEqual(image["routes"], summary["routes"], label)
            hidden_cores = [c for c in summary["core_utilisation"] if "hidden" in c["populations"]]
            held = sum(c["compartments"]["used"] for c in hidden_cores)
            self.assertEqual(held, 400, label)
            for core in summary["core_utilisation"]:
                self.assertGreater(core["compartments"]["used"], 0, label)
                for limit in ("compartments", "in_axons", "out_axons", "synapse_bits"):
                    self.assertLessEqual(core[limit]["used"], core[limit]["limit"], label)
            if target == "mini":
                # 64 compartments per core: the 400 hidden neurons need at least 7.
                self.assertGreaterEqual(len(hidden_cores), 7, label)
                self.assertGreater(summary["routes"], 0, label)
            else:
                self.assertEqual(len(hidden_cores), 1, label)

    def test_same_options_give_identical_images(self):
        for options in ([], ["--partition", "random", "--placement", "random"]):
            a, b = self.path("a.gimg"), self.path("b.gimg")
            run("--seed", "3", "compile", MODEL, "--target", "mini", "-o", a, *options)
            run("--seed", "3", "compile", MODEL, "--target", "mini", "-o", b, *options)
            self.assertTrue(filecmp.cmp(a, b, shallow=False), options)
        # --cores spreads the network out.
        summary = json.loads(run("compile", MODEL, "--target", "mini", "--cores", "12", "-o",
                                 self.path("c.gimg"), "--json").stdout)
        self.assertGreaterEqual(summary["cores"], 12)

    def test_emit_chip_writes_placed_and_routed_ir(self):
        out = self.path("chip.mlir")
        summary = json.loads(run("compile", MODEL, "--target", "mini", "--emit", "chip", "-o", out,
                                 "--json").stdout)
        with open(out) as f:
            text = f.read()
        self.assertIn("chip.chip @cog20_bimt_20x20 target \"mini\"", text)
        self.assertEqual(text.count("chip.core "), summary["cores"])
        self.assertEqual(len(re.findall(r"chip\.core \d+ at <", text)), summary["cores"])
        self.assertEqual(text.count("chip.route "), summary["routes"])
        self.assertNotIn("snn.network", text)
        # The human-readable report lists the cores and their use of each limit.
        report = run("compile", MODEL, "--target", "mini", "-o", self.path("x.gimg")).stderr
        self.assertIn(f"{summary['cores']} cores, {summary['routes']} routes", report)
        self.assertRegex(report, r"core +0 at \(0, \d, \d, 0\) +\d+ compartments")

    def test_network_too_big_for_mini_is_a_one_line_error(self):
        # 10 populations of 65 neurons fit mini's 1024 compartments, but each needs two of
        # its 64-compartment cores: 20 cores of 16.
        lines = ["snn.network @wide inputs [@x] outputs [@p0] {",
                 "  snn.population @x size 1 model input"]
        for i in range(10):
            lines.append(f"  snn.population @p{i} size 65 model linear")
            lines.append(f"  snn.projection @w{i} from @x to @p{i} weights dense<0.5> : tensor<65x1xf32>")
        lines.append("}")
        source = self.path("wide.mlir")
        with open(source, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = self.path("wide.gimg")
        result = run("compile", source, "--target", "mini", "-o", out, check=False)
        self.assert_one_line_error(result, "wide.mlir:", "needs 20 cores", "16", "mini", "p0")
        self.assertFalse(os.path.exists(out))
