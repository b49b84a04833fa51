"""End-to-end tests of `gyrus place-compare`: every strategy under one cost model.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus GYRUS_PYTHON=/usr/bin/python3 \
    /usr/bin/python3 -m unittest place_compare_test.PlaceCompareCli.test_name
"""
import json
import os

from cli_test import SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
STRATEGIES = ["spatial", "linear", "random", "hilbert", "metis", "anneal"]
PNG = b"\x89PNG\r\n\x1a\n"


def compare(*args):
    return json.loads(run("place-compare", MODEL, "--target", "mini", "--seed", "3", "--json",
                          *args).stdout)


def without_seconds(result):
    for row in result["strategies"]:
        row.pop("seconds", None)
    return result


class PlaceCompareCli(CliTestCase):
    def test_every_strategy_is_scored_consistently(self):
        result = compare()
        self.assertEqual(result["target"], "mini")
        self.assertEqual(result["target_cores"], 16)
        self.assertEqual(result["rates"], "uniform")
        rows = {row["strategy"]: row for row in result["strategies"]}
        self.assertEqual(list(rows), STRATEGIES)
        # metis has no placement of its own: its parts are placed spatially.
        self.assertEqual({s: rows[s]["placement"] for s in STRATEGIES},
                         dict(zip(STRATEGIES, STRATEGIES[:4] + ["spatial", "anneal"])))
        wiring = {row["neuron_wiring"] for row in rows.values()}
        self.assertEqual(len(wiring), 1, "the grid wiring does not depend on the mapping")
        for name, row in rows.items():
            self.assertTrue(row["ok"], name)
            self.assertTrue(row["limits_respected"], name)
            # 400 hidden units need 7 cores of 64, the 33 outputs one more.
            self.assertGreaterEqual(row["cores_used"], 8, name)
            self.assertLessEqual(row["cores_used"], result["target_cores"], name)
            self.assertGreaterEqual(row["spike_hops_per_step"], 0, name)
            self.assertGreater(row["packets_per_step"], 0, name)
            # Every packet crosses zero or more hops; the busiest link carries at least
            # the mean, and link loads are flits: packets times packet_flits (2).
            self.assertGreaterEqual(row["max_link_flits_per_step"],
                                    row["mean_link_flits_per_step"], name)
            self.assertLessEqual(row["max_link_flits_per_step"],
                                 2 * row["spike_hops_per_step"], name)
            self.assertGreater(row["max_core_synaptic_ops_per_step"], 0, name)
            self.assertNotIn("cycles_per_step", row)
        # BIMT's locality: mapping by position beats mapping by index or by chance.
        for local in ("spatial", "anneal"):
            for blind in ("linear", "random"):
                self.assertLess(rows[local]["spike_hops_per_step"],
                                rows[blind]["spike_hops_per_step"], (local, blind))

    def test_same_seed_same_result_and_placement_override(self):
        first = without_seconds(compare("--strategies", "random,anneal"))
        second = without_seconds(compare("--strategies", "random,anneal"))
        self.assertEqual(first, second)
        linear = compare("--strategies", "spatial,metis", "--placement", "linear")
        self.assertEqual([r["placement"] for r in linear["strategies"]], ["linear", "linear"])
        text = run("place-compare", MODEL, "--target", "mini", "--strategies", "spatial").stdout
        self.assertIn("spike-hops", text)
        self.assertRegex(text, r"\nspatial +8 ")

    def test_rates_weigh_the_traffic(self):
        rates = self.path("rates.json")
        with open(rates, "w") as f:
            json.dump({"rates": {"hidden": [0.5] * 400, "output": [0.0] * 33}}, f)
        uniform = compare("--strategies", "spatial")["strategies"][0]
        half = compare("--strategies", "spatial", "--rates", rates)
        self.assertEqual(half["rates"], rates)
        row = half["strategies"][0]
        # Outputs send nothing; hidden units send half as often: half the packets and
        # hops, the same partition.
        self.assertEqual(row["cores_used"], uniform["cores_used"])
        self.assertAlmostEqual(row["spike_hops_per_step"], uniform["spike_hops_per_step"] / 2)
        self.assertAlmostEqual(row["packets_per_step"], uniform["packets_per_step"] / 2)

    def test_figures_are_pngs_with_their_data(self):
        figures = self.path("figures")
        result = compare("--strategies", "spatial,linear", "--figures", figures)
        for name in ("placement_cores", "placement_link_load", "placement_costs"):
            with open(result["figures"][name], "rb") as f:
                self.assertEqual(f.read(8), PNG, name)
        with open(result["figures"]["data"]) as f:
            data = json.load(f)
        self.assertEqual(data["layout"]["population"], "hidden")
        self.assertEqual(len(data["layout"]["x"]), 400)
        self.assertEqual(len(data["clusters"]), 400)  # a network file: clusters drawn
        self.assertEqual([s["name"] for s in data["strategies"]], ["spatial", "linear"])
        self.assertEqual(len(data["strategies"][0]["links"]["east"]), 4)

    def test_errors_are_one_line(self):
        wrong_length = self.path("short.json")
        with open(wrong_length, "w") as f:
            json.dump({"rates": {"hidden": [1.0] * 399}}, f)
        unknown_population = self.path("unknown.json")
        with open(unknown_population, "w") as f:
            json.dump({"rates": {"cortex": [1.0]}}, f)
        not_json = self.path("rates.txt")
        with open(not_json, "w") as f:
            f.write("1 2 3\n")
        with open(os.path.join(SOURCE_DIR, "targets", "mini.json")) as f:
            description = json.load(f)
        # 4 cores of 64: fewer compartments than the hidden layer (the front end says so).
        tiny = self.path("tiny.json")
        with open(tiny, "w") as f:
            json.dump(dict(description, name="tiny", mesh=dict(description["mesh"], rows=1)), f)
        # 8 cores of 56: enough compartments, but 400 hidden units need 8 cores of their
        # own and the outputs a ninth, whatever the strategy.
        tight = self.path("tight.json")
        with open(tight, "w") as f:
            json.dump(dict(description, name="tight", mesh=dict(description["mesh"], rows=2),
                           core=dict(description["core"], compartments=56)), f)
        base = ("place-compare", MODEL, "--target", "mini")
        cases = [
            (base + ("--strategies", "spatial,zigzag"), ["--strategies", "zigzag"]),
            (base + ("--placement", "metis"), ["--placement", "metis"]),
            (base + ("--rates", self.path("missing.json")), ["--rates", "missing.json"]),
            (base + ("--rates", not_json), ["--rates", "rates.txt", "not JSON"]),
            (base + ("--rates", wrong_length), ["--rates", "'hidden' has 400 neurons", "399"]),
            (base + ("--rates", unknown_population), ["--rates", "cortex"]),
            (("place-compare", MODEL, "--target", tiny), ["hidden", "tiny", "256"]),
            (("place-compare", MODEL, "--target", tight),
             ["no strategy fits target 'tight'", "needs 9 cores", "population 'hidden'"]),
            (("place-compare", self.path("nothing.h5"), "--target", "mini"), ["nothing.h5"]),
            (base + ("--simulate", "dm1", "--rates", wrong_length), ["--simulate", "--rates"]),
            (base + ("--simulate", "nosuchtask"), ["nosuchtask"]),
            (base + ("--simulate", "dm1", "--sim-trials", "0"), ["--sim-trials"]),
        ]
        for args, fragments in cases:
            self.assert_one_line_error(run(*args, check=False), *fragments)

    def test_simulated_cycles_and_energy_are_those_of_the_compiled_image(self):
        # Each strategy's columns come from the image `gyrus compile` writes for it, run
        # as `gyrus sim` runs it: the two paths must agree exactly.
        result = compare("--strategies", "spatial,random", "--simulate", "dm1",
                         "--sim-trials", "1")
        self.assertEqual(result["simulated"], {"task": "dm1", "trials_per_task": 1})
        rows = {row["strategy"]: row for row in result["strategies"]}
        for strategy, row in rows.items():
            image = self.path(f"{strategy}.gimg")
            run("compile", MODEL, "--target", "mini", "--partition", strategy, "--placement",
                strategy, "--seed", "3", "-o", image)
            sim = json.loads(run("sim", image, "--task", "dm1", "--trials", "1", "--seed", "3",
                                 "--json").stdout)
            per_step = sim["per_step"]
            self.assertAlmostEqual(row["cycles_per_step"], per_step["cycles"]["mean"],
                                   delta=1e-9 * per_step["cycles"]["mean"], msg=strategy)
            self.assertAlmostEqual(row["energy_per_step_pj"], per_step["energy_pj"]["mean"],
                                   delta=1e-9 * per_step["energy_pj"]["mean"], msg=strategy)
        # Mapping by position sends fewer packets over fewer hops: less energy per step.
        self.assertLess(rows["spatial"]["energy_per_step_pj"], rows["random"]["energy_per_step_pj"])
        text = run("place-compare", MODEL, "--target", "mini", "--strategies", "spatial",
                   "--simulate", "dm1").stdout
        self.assertIn("cycles", text)
        self.assertIn("energy pJ", text)
