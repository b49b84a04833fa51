"""End-to-end test of `gyrus demo`, the README's first command after the build.

Run with: GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest demo_test.DemoCli
"""
import filecmp
import json
import os

from cli_test import CliTestCase, run


class DemoCli(CliTestCase):
    def test_demo_writes_a_complete_reproducible_report(self):
        first, second = self.path("a"), self.path("b")
        run("--seed", "1", "demo", "--out", first, "--trials", "4")
        run("--seed", "1", "demo", "--out", second, "--trials", "4")
        report = open(os.path.join(first, "report.md")).read()
        for heading in ["functional clusters", "core-mapped images", "Simulator == integer reference",
                        "solves the tasks", "cycles and energy", "placements", "Lava"]:
            self.assertIn(heading, report)
        self.assertIn("bit-exact", report)
        # Every figure the report embeds exists and is a PNG.
        for line in report.splitlines():
            if line.startswith("!["):
                png = os.path.join(first, line[line.index("(") + 1:line.index(")")])
                with open(png, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n", png)
        summary = json.load(open(os.path.join(first, "summary.json")))
        self.assertTrue(summary["verify_sim"]["bit_exact"])
        self.assertLessEqual(summary["deployed"]["mean_drop_points"], 2.0)
        self.assertGreaterEqual(summary["compile_mini"]["cores"], 7)
        hops = {r["strategy"]: r["spike_hops_per_step"] for r in summary["placement"]["strategies"]}
        self.assertLess(hops["spatial"], hops["random"])
        # Same seed, same artefacts: the images byte for byte, the summary number for number.
        for name in ["mini.gimg", "loihi2.gimg"]:
            self.assertTrue(filecmp.cmp(os.path.join(first, name), os.path.join(second, name),
                                        shallow=False), name)
        again = json.load(open(os.path.join(second, "summary.json")))
        strip = lambda s: json.loads(json.dumps(s).replace(second, first))
        self.assertEqual(strip(again), summary)

    def test_bad_output_directory_is_a_one_line_error(self):
        blocker = self.path("file")
        open(blocker, "w").close()
        self.assert_one_line_error(run("demo", "--out", os.path.join(blocker, "x"), check=False),
                                   "--out")
