"""Bad-input corpus: every command that reads a file, fed broken files of every format.

Each case checks what docs/user-guide.md promises ("Errors and interrupted runs"): a non-zero
exit, one line on stderr (`gyrus: error: ...`) that names the file and, where it applies, the
field or the limit, no crash signal, and nothing left in the output directory: neither the
output nor a temporary file. The broken files are made here, at run time, from small valid
ones: a 12-neuron network trained for two steps, its checkpoint, the snn IR and the images
compiled from it and from a NIR graph, a stimulus file and the `mini` chip description.

A bit flip may leave an HDF5, JSON or IR file valid (a weight changes, a description's text):
such a case may also succeed, but never crash or leave a partial file. Images carry CRCs, and
every truncation cuts something a reader needs: those must fail.

Run one case with: GYRUS=build/default/tools/gyrus/gyrus GYRUS_SHARED_NIR_DIR=../shared/nir \
    /usr/bin/python3 -m unittest bad_input_test.BadInput.test_name
"""
import json
import os
import random
import shutil
import signal
import subprocess
import time
from signal import SIGINT, SIGTERM

import h5py
import numpy as np

from cli_test import GYRUS, SOURCE_DIR, CliTestCase, run

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))
LIF_NIR = os.path.join(NIR_DIR, "lif_norse.nir")
BRAILLE_NIR = os.path.join(NIR_DIR, "braille_noDelay_bias_zero.nir")
MINI = os.path.join(SOURCE_DIR, "targets", "mini.json")
TINY = ["--hidden", "4x3", "--batch", "4", "--eval-trials", "4", "--final-eval-trials", "4",
        "--swap-every", "2", "--swap-topk", "3"]
CRASH_CODES = (134, 136, 139)  # SIGABRT, SIGFPE, SIGSEGV as a shell reports them


def gyrus(*args, timeout=30):
    return subprocess.run([GYRUS, *map(str, args)], capture_output=True, text=True,
                          errors="replace", timeout=timeout)


def truncations(data):
    """Several cut points: inside the first header, the middle, one byte short."""
    n = len(data)
    cuts = {1, 64, n // 4, n // 2, n - 1}
    return [(f"cut{cut}", data[:cut]) for cut in sorted(c for c in cuts if 0 < c < n)]


def bit_flips(data, seed, count=6):
    """One bit flipped per copy: the first byte, then positions in the first 2 KiB (headers
    and metadata) and over the whole file, deterministic for the seed."""
    rng = random.Random(seed)
    positions = [0] + rng.sample(range(1, min(len(data), 2048)), count // 2 - 1)
    positions += rng.sample(range(1, len(data)), count - len(positions))
    flips = []
    for position in sorted(set(positions)):
        flipped = bytearray(data)
        flipped[position] ^= 1 << rng.randrange(8)
        flips.append((f"flip{position}", bytes(flipped)))
    return flips


# Edits of an HDF5 file (h5py.File -> None), for BadInputTestCase.copy_h5.
def replace(name, value):
    """Dataset `name` replaced by `value`, or by a group when value is None."""
    def edit(f):
        del f[name]
        f.create_group(name) if value is None else f.__setitem__(name, value)
    return edit


def declare(name, shape):
    """Dataset `name` replaced by an unwritten float32 one of `shape`: HDF5 stores nothing
    for unwritten chunks, so the file stays small whatever the shape."""
    def edit(f):
        del f[name]
        f.create_dataset(name, shape=shape, dtype="f4", chunks=(1,) * len(shape))
    return edit


def set_attribute(group, name, value):
    return lambda f: f[group].attrs.__setitem__(name, value)


def set_value(name, index, value):
    def edit(f):
        data = f[name][()]
        data[index] = value
        f[name][...] = data
    return edit


class BadInputTestCase(CliTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")  # every output goes here; it must stay empty
        self.bad = self.path("bad")
        self.fixtures = self.path("fixtures")
        for folder in (self.out, self.bad, self.fixtures):
            os.mkdir(folder)
        self.cache = {}

    def fixture(self, name, make):
        if name not in self.cache:
            path = os.path.join(self.fixtures, name)
            make(path)
            self.cache[name] = path
        return self.cache[name]

    def network(self):
        return self.fixture("tiny.gnet.h5", lambda path: run(
            "--seed", "2", "train", *TINY, "--steps", "2", "--out", path, "-q"))

    def image(self):
        return self.fixture("tiny.gimg", lambda path: run(
            "compile", self.network(), "--target", "mini", "-o", path, "-q"))

    def spiking_image(self):
        return self.fixture("braille.gimg", lambda path: run(
            "compile", BRAILLE_NIR, "--target", "loihi2", "-o", path, "-q"))

    def shipped_image(self):
        return self.fixture("cog20.gimg", lambda path: run(
            "compile", MODEL, "--target", "mini", "-o", path, "-q"))

    def ir_text(self):
        return self.fixture("tiny.mlir", lambda path: run(
            "compile", self.network(), "--target", "mini", "--emit", "snn", "-o", path, "-q"))

    def stimulus(self):
        def make(path):
            rng = np.random.default_rng(3)
            with h5py.File(path, "w") as f:
                f["inputs"] = (rng.random((20, 12)) < 0.3).astype(np.float32)
        return self.fixture("spikes.h5", make)

    def write(self, name, data):
        path = os.path.join(self.bad, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def copy_h5(self, name, source, edit):
        """A copy of HDF5 file `source` that `edit(h5py.File)` changed."""
        path = os.path.join(self.bad, name)
        shutil.copyfile(source, path)
        with h5py.File(path, "r+") as f:
            edit(f)
        return path

    def write_json(self, name, description):
        return self.write(name, json.dumps(description).encode())

    def assert_fails_cleanly(self, args, *fragments, may_succeed=False):
        """gyrus `args` exits non-zero with one error line holding `fragments`, is not killed
        by a signal, and leaves the output directory empty. With `may_succeed`, an exit code
        of 0 passes too (its outputs are then removed)."""
        with self.subTest(args=" ".join(map(str, args))):
            try:
                result = gyrus(*args)
            finally:
                left = sorted(os.listdir(self.out))
                for name in left:
                    target = os.path.join(self.out, name)
                    shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
            self.assertGreaterEqual(result.returncode, 0,
                                    f"killed by signal {-result.returncode}\n{result.stderr[-3000:]}")
            self.assertNotIn(result.returncode, CRASH_CODES, result.stderr[-3000:])
            if may_succeed and result.returncode == 0:
                return
            self.assertNotEqual(result.returncode, 0, result.stdout[-1000:])
            lines = result.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, result.stderr[-3000:])
            self.assertTrue(lines[0].startswith("gyrus: error: "), lines[0])
            for fragment in fragments:
                self.assertIn(str(fragment), lines[0])
            self.assertEqual(result.stdout, "")
            self.assertEqual(left, [], "left behind")

    def out_path(self, name):
        return os.path.join(self.out, name)

    # Every command that reads each format, as argument lists around the broken file.
    def network_readers(self, path):
        return [("compile", path, "--target", "mini", "-o", self.out_path("x.gimg")),
                ("compile", path, "--target", "loihi2", "--emit", "quantized", "-o",
                 self.out_path("x.mlir")),
                ("place-compare", path, "--target", "mini", "--strategies", "spatial,linear"),
                ("analyze", path),
                ("verify", self.image(), "--against-float", path, "--trials", "1"),
                ("demo", "--model", path, "--out", self.out_path("demo"))]

    def graph_readers(self, path):  # NIR, snn IR
        return [("compile", path, "--target", "loihi2", "-o", self.out_path("x.gimg")),
                ("compile", path, "--target", "loihi2", "--emit", "chip", "-o",
                 self.out_path("x.mlir")),
                ("place-compare", path, "--target", "loihi2", "--strategies", "spatial")]

    def image_readers(self, path):
        return [("inspect", path),
                ("sim", path, "--steps", "5", "--trace", self.out_path("t.h5")),
                ("sim", path, "--steps", "5", "--engine", "ref"),
                ("verify", path, "--steps", "5"),
                ("verify", path, "--against-float", self.network(), "--trials", "1"),
                ("lava", "run", path, "--steps", "5")]

    def target_readers(self, path):
        return [("compile", self.network(), "--target", path, "-o", self.out_path("x.gimg")),
                ("place-compare", self.network(), "--target", path, "--strategies", "spatial")]

    def stimulus_readers(self, path):
        image = self.spiking_image()
        return [("sim", image, "--input", path, "--trace", self.out_path("t.h5")),
                ("verify", image, "--input", path),
                ("lava", "run", image, "--steps", "5", "--input", path)]

    def checkpoint_readers(self, path):
        return [("train", "--resume", path, "--steps", "3", "--eval-every", "0",
                 "--final-eval-trials", "1", "--out", self.out_path("m.gnet.h5"))]

    def corrupt_each(self, source, suffix, readers, seed, flips_must_fail=False):
        """Truncated and bit-flipped copies of `source`, each fed to every reader."""
        with open(source, "rb") as f:
            data = f.read()
        cases = [(name, copy, True) for name, copy in truncations(data)]
        cases += [(name, copy, flips_must_fail or name == "flip0") for name, copy in
                  bit_flips(data, seed)]
        for name, copy, must_fail in cases:
            path = self.write(name + suffix, copy)
            for args in readers(path):
                if args[0] in ("lava", "demo") and not must_fail:
                    continue  # a valid file gets as far as Lava, which may be missing, or
                    # through the whole demo
                self.assert_fails_cleanly(args, os.path.basename(path), may_succeed=not must_fail)


class BadInput(BadInputTestCase):
    def test_network_files_and_checkpoints_truncated_or_bit_flipped(self):
        self.corrupt_each(self.network(), ".gnet.h5", self.network_readers, seed=1)
        self.corrupt_each(self.network() + ".ckpt", ".ckpt", self.checkpoint_readers, seed=2)

    def test_sweep_with_a_broken_finished_run_or_checkpoint(self):
        # `gyrus sweep` reads the network file of every finished run, and resumes a run
        # from its checkpoint.
        with open(self.network(), "rb") as f:
            cut = f.read()[:3000]
        for name in ("model.gnet.h5", "model.gnet.h5.ckpt"):
            sweep = os.path.join(self.bad, "sweep_" + name.replace(".", "_"))
            os.makedirs(os.path.join(sweep, "runs", "none_seed1"))
            self.write(os.path.join(sweep, "runs", "none_seed1", name), cut)
            self.assert_fails_cleanly(("-q", "sweep", "--regs", "none", "--lambdas", "1e-4",
                                       "--seeds", 1, "--hidden", "4x3", "--batch", 4, "--steps",
                                       3, "--eval-trials", 4, "--final-eval-trials", 4, "--out",
                                       sweep), "none_seed1", name, "not an HDF5 file")
            self.assertEqual(os.listdir(sweep), ["runs"])  # no sweep.json, no sweep.csv

    def test_nir_and_ir_text_truncated_or_bit_flipped(self):
        self.corrupt_each(LIF_NIR, ".nir", self.graph_readers, seed=3)
        with open(self.ir_text(), "rb") as f:
            text = self.write("whole.mlir", f.read().rstrip())
        self.corrupt_each(text, ".mlir", self.graph_readers, seed=4)

    def test_images_truncated_or_bit_flipped(self):
        # Every byte of an image is under a CRC: each flip must be refused.
        self.corrupt_each(self.image(), ".gimg", self.image_readers, seed=5, flips_must_fail=True)

    def test_targets_and_stimuli_truncated_or_bit_flipped(self):
        with open(MINI, "rb") as f:
            target = self.write("whole.json", f.read().rstrip())
        self.corrupt_each(target, ".json", self.target_readers, seed=6)
        self.corrupt_each(self.stimulus(), ".h5", self.stimulus_readers, seed=7)

    def readers_of(self, kind):
        return {"network": self.network_readers, "checkpoint": self.checkpoint_readers,
                "graph": self.graph_readers, "image": self.image_readers,
                "target": self.target_readers, "stimulus": self.stimulus_readers,
                "rates": lambda path: [("place-compare", self.network(), "--target", "mini",
                                        "--strategies", "spatial", "--rates", path)]}[kind]

    def feed_edited(self, cases):
        """Per (source, kind, name, edit, *fragments): the HDF5 file `source` changed by
        `edit`, saved as `name`, to every reader of its kind."""
        for source, kind, name, edit, *fragments in cases:
            path = self.copy_h5(name, source, edit)
            for args in self.readers_of(kind)(path):
                self.assert_fails_cleanly(args, name, *fragments)

    def feed_targets(self, cases, kind="target", named=True):
        """Per (name, JSON value, *fragments): the value, saved as `name`, to every reader;
        the error names the file unless `named` is false (then fragments name the target)."""
        for name, value, *fragments in cases:
            path = self.write_json(name, value)
            for args in self.readers_of(kind)(path):
                self.assert_fails_cleanly(args, *([name] if named else []), *fragments)

    def mini(self):
        with open(MINI) as f:
            return json.load(f)

    def test_wrong_types_directories_and_empty_files(self):
        net, stim, zeros = self.network(), self.stimulus(), lambda *s: np.zeros(s, np.float32)
        self.feed_edited([
            (net, "network", "text.gnet.h5", replace("weights/w_rec", np.full((12, 12), b"w")),
             "weights/w_rec"),
            (net, "network", "rank3.gnet.h5", replace("weights/w_rec", zeros(12, 12, 1)),
             "weights/w_rec"),
            (net, "network", "shape.gnet.h5", replace("weights/w_in", zeros(12, 84)),
             "weights/w_in"),
            (net, "network", "group.gnet.h5", replace("weights/b", None), "weights/b"),
            (net, "network", "size.gnet.h5", set_attribute("groups/hidden", "size", "12"), "size"),
            (net, "network", "positions.gnet.h5", replace("groups/hidden/positions", zeros(12)),
             "positions"),
            (net, "network", "alpha.gnet.h5", set_attribute("model", "alpha", "fast"), "alpha"),
            (net, "network", "version.gnet.h5", set_attribute("/", "format_version", 99),
             "format_version"),
            (LIF_NIR, "graph", "text.nir", replace("node/nodes/0/weight", np.array([[b"w"]])),
             "weight"),
            (LIF_NIR, "graph", "rank3.nir", replace("node/nodes/0/weight", zeros(1, 1, 1)),
             "weight"),
            (LIF_NIR, "graph", "type.nir", replace("node/nodes/1/type", b"NoSuchNode"),
             "NoSuchNode"),
            (LIF_NIR, "graph", "edges.nir", replace("node/edges", np.zeros((3, 2), np.int64)),
             "edges"),
            (LIF_NIR, "graph", "shape.nir", replace("node/nodes/input/shape", np.array([1.5])),
             "shape"),
            (stim, "stimulus", "text.h5", replace("inputs", np.full((20, 12), b"1")), "inputs"),
            (stim, "stimulus", "rank1.h5", replace("inputs", zeros(12)), "inputs", "rank"),
            (stim, "stimulus", "rank4.h5", replace("inputs", zeros(2, 2, 2, 12)), "inputs",
             "rank"),
            (stim, "stimulus", "group.h5", replace("inputs", None), "inputs"),
            (stim, "stimulus", "nosteps.h5", replace("inputs", zeros(0, 12)), "no steps"),
        ])
        mini = self.mini()
        self.feed_targets([
            ("string.json", dict(mini, core=dict(mini["core"], compartments="64")), "compartments"),
            ("list.json", dict(mini, mesh=[4, 4]), "mesh"),
            ("models.json", dict(mini, core=dict(mini["core"], neuron_models="linear")),
             "neuron_models"),
            ("null.json", dict(mini, clock_mhz=None), "clock_mhz"),
            ("array.json", [mini])])
        self.feed_targets([("text_rates.json", {"rates": {"hidden": "fast"}}),
                           ("list_rates.json", {"rates": [1.0] * 12}),
                           ("mixed_rates.json", {"rates": {"hidden": [1.0] * 11 + ["x"]}})],
                          kind="rates")
        # A directory where a file belongs, and an empty file, for every kind of input.
        suffixes = {"network": ".gnet.h5", "checkpoint": ".ckpt", "graph": ".nir",
                    "image": ".gimg", "target": ".json", "stimulus": ".h5", "rates": ".json"}
        for kind, suffix in suffixes.items():
            folder = os.path.join(self.bad, "folder" + suffix)
            os.makedirs(folder, exist_ok=True)
            for path in (folder, self.write("empty_" + kind + suffix, b"")):
                for args in self.readers_of(kind)(path):
                    self.assert_fails_cleanly(args, os.path.basename(path))
        self.assert_fails_cleanly(("compile", self.write("empty.mlir", b""), "--target", "mini",
                                   "-o", self.out_path("x.gimg")), "empty.mlir")

    def test_nan_and_inf_values(self):
        net, stim = self.network(), self.stimulus()
        self.feed_edited([
            (net, "network", "nan_w_rec.gnet.h5", set_value("weights/w_rec", (3, 4), np.nan),
             "weights/w_rec"),
            (net, "network", "inf_w_in.gnet.h5", set_value("weights/w_in", (0, 7), np.inf),
             "weights/w_in"),
            (net, "network", "inf_b_out.gnet.h5", set_value("weights/b_out", 2, -np.inf),
             "weights/b_out"),
            (net, "network", "nan_alpha.gnet.h5", set_attribute("model", "alpha", np.nan),
             "alpha"),
            (LIF_NIR, "graph", "nan_weight.nir", set_value("node/nodes/0/weight", (0, 0), np.nan),
             "weight"),
            (LIF_NIR, "graph", "inf_bias.nir", set_value("node/nodes/0/bias", 0, np.inf), "bias"),
            (LIF_NIR, "graph", "nan_tau.nir", set_value("node/nodes/1/tau", 0, np.nan), "tau"),
            (LIF_NIR, "graph", "nan_threshold.nir",
             set_value("node/nodes/1/v_threshold", 0, np.nan), "v_threshold"),
            (stim, "stimulus", "nan_inputs.h5", set_value("inputs", (5, 3), np.nan),
             "inputs[5, 3]"),
            (stim, "stimulus", "inf_inputs.h5", set_value("inputs", (0, 0), np.inf),
             "inputs[0, 0]"),
        ])
        # snn IR: NaN and infinite weights written as hexadecimal floats.
        for name, bits in [("nan.mlir", "0x7FC00000"), ("inf.mlir", "0xFF800000")]:
            path = self.write(name, (
                "snn.network @n inputs [@x] outputs [@y] {\n"
                "  snn.population @x size 2 model input\n"
                "  snn.population @y size 2 model linear\n"
                f"  snn.projection @w from @x to @y weights dense<{bits}> : tensor<2x2xf32>\n"
                "}\n").encode())
            for args in self.graph_readers(path):
                self.assert_fails_cleanly(args, name, "not finite")
        # JSON has no NaN; a number too large for a double is as bad.
        text = json.dumps(dict(self.mini(), clock_mhz=12345.0)).replace("12345.0", "1e999")
        path = self.write("huge_clock.json", text.encode())
        for args in self.target_readers(path):
            self.assert_fails_cleanly(args, "huge_clock.json")
        path = self.write("huge_rate.json", b'{"rates": {"hidden": [1e999' + b", 1" * 11 + b"]}}")
        for args in self.readers_of("rates")(path):
            self.assert_fails_cleanly(args, "huge_rate.json")

    def test_absurd_sizes_and_counts(self):
        image, spiking, net = self.image(), self.spiking_image(), self.network()
        huge, trace = 10**12, self.out_path("t.h5")
        gimg, model = ("-o", self.out_path("x.gimg")), ("--out", self.out_path("m.gnet.h5"))
        options = [
            (("sim", spiking, "--steps", 0), "--steps"),
            (("sim", spiking, "--steps", -5), "--steps"),
            (("sim", spiking, "--steps", huge, "--trace", trace), "--steps"),
            (("sim", spiking, "--steps", 2**31, "--trace", trace), "--steps"),
            (("sim", image, "--steps", 5 * 10**6, "--trace", trace), "--steps"),  # x 85 inputs
            (("sim", spiking, "--input", self.stimulus(), "--steps", huge), "--steps"),
            (("sim", image, "--task", "dm1", "--trials", 10**7), "--trials"),
            (("sim", self.shipped_image(), "--steps", 400000, "--trace", trace, "--probe",
              "hidden"), "--trace", "GiB"),
            (("sim", spiking, "--steps", 5, "--rate", "nan"), "--rate"),
            (("sim", spiking, "--steps", 5, "--rate", 2), "--rate"),
            (("verify", spiking, "--steps", huge), "--steps"),
            (("verify", spiking, "--steps", 0), "--steps"),
            (("verify", image, "--against-float", net, "--trials", -1), "--trials"),
            (("lava", "run", spiking, "--steps", huge), "--steps"),
            (("lava", "run", spiking, "--steps", 0), "--steps"),
            (("compile", net, "--target", "mini", "--cores", -1, *gimg), "--cores"),
            (("compile", net, "--target", "mini", "--cores", huge, *gimg), "--cores"),
            (("compile", net, "--target", "mini", "--cores", 100000, *gimg), "100000"),
            (("compile", net, "--target", "mini", "--frac-bits", 99, *gimg), "--frac-bits"),
            (("compile", LIF_NIR, "--target", "mini", "--dt", "nan", *gimg), "--dt"),
            (("compile", LIF_NIR, "--target", "mini", "--dt", "inf", *gimg), "--dt"),
            (("train", *TINY, "--steps", -1, *model), "--steps"),
            (("train", *TINY, "--steps", huge, *model), "--steps"),
            (("train", *TINY, "--batch", 10**9, *model), "--batch"),
            (("train", *TINY, "--hidden", "100000x100000", *model), "--hidden"),
            (("train", *TINY, "--hidden", "-4x3", *model), "--hidden"),
            (("train", *TINY, "--threads", 0, *model), "--threads"),
            (("train", *TINY, "--lr", "nan", *model), "--lr"),
            (("train", *TINY, "--swap-topk", -3, *model), "--swap-topk"),
            (("tasks", "sample", "--task", "dm1", "--batch", 10**9, "--out",
              self.out_path("b.h5")), "--batch"),
            (("analyze", net, "--threshold", "nan"), "--threshold"),
            (("analyze", net, "--threads", 0), "--threads"),
            (("place-compare", net, "--target", "mini", "--strategies", ""), "--strategies"),
        ]
        for args, *fragments in options:
            self.assert_fails_cleanly(args, *fragments)
        # Files that declare huge or negative sizes.
        input_shape = "node/nodes/input/shape"
        self.feed_edited([
            (net, "network", "huge_w_rec.gnet.h5", declare("weights/w_rec", (10**6, 10**6)),
             "weights/w_rec"),
            (net, "network", "huge_size.gnet.h5", set_attribute("groups/hidden", "size", huge),
             "size"),
            (net, "network", "negative_size.gnet.h5", set_attribute("groups/hidden", "size", -12),
             "size"),
            (net, "network", "huge_grid.gnet.h5",
             set_attribute("groups/hidden", "grid_width", 2**40), "grid_width"),
            (LIF_NIR, "graph", "huge_weight.nir", declare("node/nodes/0/weight", (10**6, 10**6)),
             "weight"),
            (LIF_NIR, "graph", "huge_shape.nir", set_value(input_shape, 0, huge), "shape"),
            (LIF_NIR, "graph", "negative_shape.nir", set_value(input_shape, 0, -1), "shape"),
            (self.stimulus(), "stimulus", "huge_steps.h5", declare("inputs", (10**10, 12)),
             "inputs"),
            (self.stimulus(), "stimulus", "huge_trials.h5", declare("inputs", (10, 10**9, 12)),
             "inputs"),
        ])
        ir = [("huge_population.mlir", "size 1000000000000 model linear", "1000000000000"),
              ("negative_population.mlir", "size -3 model linear", "size"),
              ("huge_splat.mlir", "size 2 model linear\n  snn.projection @w from @x to @y "
               "weights dense<0.5> : tensor<2000000x1000000xf32>", "2000000")]
        for name, population, fragment in ir:
            path = self.write(name, ("snn.network @n inputs [@x] outputs [@y] {\n"
                                     "  snn.population @x size 1000000 model input\n"
                                     f"  snn.population @y {population}\n}}\n").encode())
            for args in self.graph_readers(path):
                self.assert_fails_cleanly(args, name, fragment)
        mini = self.mini()
        core, mesh = mini["core"], mini["mesh"]
        self.feed_targets([
            ("huge_mesh.json", dict(mini, mesh=dict(mesh, cols=10**9, rows=10**9)), "mesh"),
            ("huge_core.json", dict(mini, core=dict(core, compartments=2**41)), "compartments"),
            ("negative_core.json", dict(mini, core=dict(core, in_axons=-1)), "in_axons"),
            ("zero_tile.json", dict(mini, mesh=dict(mesh, cores_per_tile=0)), "cores_per_tile"),
            ("huge_weight_bits.json", dict(mini, core=dict(core, weight_bits=100)),
             "weight_bits")])

    def test_targets_too_small_for_the_network(self):
        mini = self.mini()
        core, mesh = mini["core"], mini["mesh"]
        # The 12-neuron network's 12 hidden and 33 output neurons, 85 inputs, 1 560 synapses.
        self.feed_targets([(name + ".json", dict(mini, name=name, **changes), self.network(),
                            name, *fragments) for name, changes, *fragments in [
            ("one_core", dict(mesh=dict(mesh, cols=1, rows=1), core=dict(core, compartments=16)),
             "population @output has 33 neurons", "1 cores × 16 = 16"),
            ("few_cores", dict(mesh=dict(mesh, cols=2, rows=2), core=dict(core, compartments=8)),
             "4 cores × 8 = 32"),
            ("few_axons", dict(core=dict(core, in_axons=8)), "population 'hidden'",
             "93 input axons, more than the 8 per core"),
            ("little_memory", dict(core=dict(core, synapse_bits=256)),
             "bits of synapse memory, more than the 256 per core")]], named=False)
        # The shipped model needs 7 of mini's 64-compartment cores for its hidden layer alone.
        self.assert_fails_cleanly(("compile", MODEL, "--target", "mini", "--cores", 17, "-o",
                                   self.out_path("x.gimg")), "17", "16", "mini")

    def test_unwritable_output_paths(self):
        network, image = self.network(), self.image()
        missing = self.path("no/such/dir")
        if os.geteuid() == 0:
            read_only = "/sys"  # root writes through permissions; sysfs refuses new files
        else:
            read_only = self.path("read-only")
            os.mkdir(read_only)
            os.chmod(read_only, 0o555)
        blocker = self.write("a-file", b"")
        for where in (missing, read_only):
            outputs = [
                ("compile", network, "--target", "mini", "-o", os.path.join(where, "x.gimg")),
                ("compile", network, "--target", "mini", "--emit", "quantized", "-o",
                 os.path.join(where, "x.mlir")),
                ("sim", image, "--steps", 5, "--trace", os.path.join(where, "t.h5")),
                ("train", *TINY, "--steps", 1, "--out", os.path.join(where, "m.gnet.h5")),
                ("tasks", "sample", "--task", "dm1", "--out", os.path.join(where, "b.h5")),
            ]
            if where == read_only:  # --figures DIR makes DIR and its parents
                outputs += [
                    ("sim", image, "--steps", 5, "--figures", os.path.join(where, "figures")),
                    ("analyze", network, "--figures", os.path.join(where, "figures")),
                    ("place-compare", network, "--target", "mini", "--strategies", "spatial",
                     "--figures", os.path.join(where, "figures"))]
            for args in outputs:
                self.assert_fails_cleanly(args, where)
        self.assertFalse(os.path.exists(self.path("no")))
        # The output path is a directory (the output folder itself), or a folder is a file.
        onto = [
            ("compile", network, "--target", "mini", "-o", self.out),
            ("compile", network, "--target", "mini", "--emit", "snn", "-o", self.out),
            ("sim", image, "--steps", 5, "--trace", self.out),
            ("train", *TINY, "--steps", 1, "--out", self.out),
            ("tasks", "sample", "--task", "dm1", "--out", self.out),
            ("sim", image, "--steps", 5, "--figures", blocker),
            ("analyze", network, "--figures", blocker),
            ("place-compare", network, "--target", "mini", "--strategies", "spatial",
             "--figures", blocker),
        ]
        for args in onto:
            self.assert_fails_cleanly(args, args[-1])
        if read_only != "/sys":
            self.assertEqual(os.listdir(read_only), [])


class InterruptedWrites(BadInputTestCase):
    """SIGINT (Ctrl-C) and SIGTERM while a command computes, and while it writes its output:
    the output directory stays empty and the command dies of the signal."""

    def interrupt(self, args, signum, when):
        """Runs gyrus `args`, sends `signum` after `when` seconds or, with when=None, as
        soon as something (the temporary file) appears in the output directory. Returns
        whether the signal arrived before the command finished."""
        # Default actions in the child, even where the test runs with SIGINT ignored (as
        # non-interactive shells start background jobs), which gyrus would respect.
        defaults = lambda: [signal.signal(s, signal.SIG_DFL) for s in (SIGINT, SIGTERM)]
        process = subprocess.Popen([GYRUS, *map(str, args)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, preexec_fn=defaults)
        deadline = time.monotonic() + 60
        if when is None:
            while process.poll() is None and not os.listdir(self.out):
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.001)
        else:
            time.sleep(when)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
        left = sorted(os.listdir(self.out))
        if process.returncode == 0:  # finished first: a complete output
            for name in left:
                os.remove(os.path.join(self.out, name))
            return False
        self.assertEqual(process.returncode, -signum, stderr[-2000:])
        self.assertEqual(left, [], f"{signal.Signals(signum).name} left files behind")
        return True

    def big_network(self):
        """2 000 inputs onto 2 000 neurons, densely: 4 million synapses, a 48 MB image."""
        def make(path):
            with open(path, "w") as f:
                f.write("snn.network @big inputs [@x] outputs [@y] {\n"
                        "  snn.population @x size 2000 model input\n"
                        "  snn.population @y size 2000 model linear\n"
                        "  snn.projection @w from @x to @y weights dense<0.5> : "
                        "tensor<2000x2000xf32>\n}\n")
        return self.fixture("big.mlir", make)

    def check(self, args):
        for signum in (SIGINT, SIGTERM):
            with self.subTest(signal=signal.Signals(signum).name, phase="computing"):
                self.assertTrue(self.interrupt(args, signum, when=0.1))
            with self.subTest(signal=signal.Signals(signum).name, phase="writing"):
                # The write may finish between seeing the file and the signal: try again.
                self.assertTrue(any(self.interrupt(args, signum, when=None) for _ in range(3)),
                                "never caught the command while it wrote")

    def test_simulation_trace(self):
        # About 80 MB of trace: every state of the 400 hidden neurons over 6 000 steps.
        self.check(("sim", self.shipped_image(), "--engine", "ref", "--steps", 6000, "--trace",
                    self.out_path("trace.h5"), "--probe", "hidden", "-q"))

    def test_compiled_image(self):
        self.check(("compile", self.big_network(), "--target", "loihi2", "-o",
                    self.out_path("big.gimg"), "-q"))
