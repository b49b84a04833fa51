"""End-to-end tests of `gyrus inspect` on the deployment images of the fuzz seed corpus.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest inspect_test.InspectCli.test_name
"""
import json
import os
import struct

from cli_test import SOURCE_DIR, CliTestCase, run

CORPUS = os.path.join(SOURCE_DIR, "tests", "fuzz", "corpus", "image")


class InspectCli(CliTestCase):
    def test_json_matches_the_bytes(self):
        path = os.path.join(CORPUS, "valid_medium.gimg")
        report = json.loads(run("inspect", path, "--json").stdout)
        data = open(path, "rb").read()
        self.assertEqual(report["size_bytes"], len(data))
        self.assertEqual(report["format_version"], struct.unpack_from("<I", data, 8)[0])
        names = [s["name"] for s in report["sections"]]
        self.assertEqual(names, ["chip", "metadata", "cores", "synapses", "axons", "routes",
                                 "inputs", "outputs"])
        # Sections are packed back to back and end at the end of the file.
        for before, after in zip(report["sections"], report["sections"][1:]):
            self.assertEqual(before["offset"] + before["size"], after["offset"])
        last = report["sections"][-1]
        self.assertEqual(last["offset"] + last["size"], len(data))
        for core in report["cores"]:
            for limit in ("compartments", "in_axons", "out_axons", "synapse_bits"):
                self.assertLessEqual(core[limit], report["limits"][limit])

    def test_text_report_lists_every_core(self):
        path = os.path.join(CORPUS, "valid_small.gimg")
        report = json.loads(run("inspect", path, "--json").stdout)
        text = run("inspect", path).stdout
        self.assertIn("sections:", text)
        self.assertIn(f"{len(report['cores'])} cores", text)
        self.assertIn(report["target"], text)

    def test_broken_images_give_one_line_errors(self):
        broken = [name for name in sorted(os.listdir(CORPUS)) if not name.startswith("valid")]
        self.assertGreaterEqual(len(broken), 5)
        for name in broken:
            self.assert_one_line_error(run("inspect", os.path.join(CORPUS, name), check=False),
                                       name)
        self.assert_one_line_error(run("inspect", self.path("missing.gimg"), check=False),
                                   "missing.gimg")
