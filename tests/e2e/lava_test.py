"""End-to-end tests of `gyrus lava` and its Python bridge (docs/lava.md).

LavaBridgeCli needs no Lava and never skips: the missing-Lava message, crashing,
hanging and garbage-speaking children (fake interpreters), and the Python side of the
protocol. LavaBitExact runs Lava itself; without it each test skips with one line.
Locally: GYRUS=build/default/tools/gyrus/gyrus GYRUS_LAVA_PATH=/tmp/lava/src \
    /usr/bin/python3 -m unittest lava_test
"""
import json
import os
import random
import stat
import subprocess
import sys
import time

from cli_test import PYTHON, SOURCE_DIR, CliTestCase, run

sys.path.insert(0, os.path.join(SOURCE_DIR, "targets", "lava"))
from gyrus_lava import protocol  # noqa: E402

MODEL = os.path.join(SOURCE_DIR, "examples", "models", "cog20_bimt_20x20.gnet.h5")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))


def lava_available():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in [os.environ.get("GYRUS_LAVA_PATH", ""), os.path.join(SOURCE_DIR, "targets",
                                                                        "lava")] if p))
    python = os.environ.get("GYRUS_LAVA_PYTHON", PYTHON)
    result = subprocess.run([python, "-m", "gyrus_lava", "check"], env=env,
                            capture_output=True, text=True, timeout=300)
    return result.returncode == 0


class LavaBridgeCli(CliTestCase):
    def fake_python(self, body):
        path = self.path("fake_python")
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body + "\n")
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        return path

    def image(self):
        out = self.path("q.gimg")
        run("compile", os.path.join(SOURCE_DIR, "tests", "lit", "Transforms", "Inputs",
                                    "quantized.mlir"), "--target", "loihi2", "-o", out)
        return out

    def test_missing_lava_says_how_to_point_gyrus_at_it(self):
        # -S hides site-packages, so this Python has no Lava even where one is installed.
        python = self.fake_python(f'exec {PYTHON} -S "$@"')
        result = run("lava", "run", self.image(), "--steps", "2", "--python", python,
                     check=False)
        self.assert_one_line_error(result, "cannot import Lava", "GYRUS_LAVA_PATH",
                                   "--python")

    def test_crashing_child_is_a_clear_error(self):
        python = self.fake_python("echo 'Segmentation fault' >&2; exit 139")
        result = run("lava", "compare", self.image(), "--steps", "2", "--python", python,
                     check=False)
        # The child may die before or after it reads the hello frame; either is reported.
        self.assert_one_line_error(result, "exit code 139", "Segmentation fault")
        self.assertRegex(result.stderr, r"exited (without a hello reply|before reading the "
                                        r"hello frame)")

    def test_hanging_child_times_out_and_is_killed(self):
        python = self.fake_python("exec sleep 60")
        start = time.monotonic()
        result = run("lava", "run", self.image(), "--steps", "2", "--python", python,
                     "--timeout", "1", check=False)
        self.assertLess(time.monotonic() - start, 30)
        self.assert_one_line_error(result, "no hello reply within 1000 ms", "hangs")
        # The child was killed and reaped: no `sleep 60` of ours is left.
        ps = subprocess.run(["pgrep", "-f", "-P", str(os.getpid()), "sleep 60"],
                            capture_output=True, text=True)
        self.assertEqual(ps.stdout.strip(), "")

    def test_garbage_speaking_child_is_a_clear_error(self):
        python = self.fake_python("echo 'Traceback (most recent call last): nonsense'")
        result = run("lava", "run", self.image(), "--steps", "2", "--python", python,
                     check=False)
        self.assert_one_line_error(result, "sent garbage", "unknown frame type")

    def test_python_protocol_round_trips_and_refuses_bad_frames(self):
        import io
        stream = io.BytesIO()
        protocol.write_frame(stream, protocol.INPUTS, protocol.encode_inputs(2, [[[1, -2], [3, 4]]]))
        stream.seek(0)
        kind, payload = protocol.read_frame(stream)
        self.assertEqual(protocol.decode_inputs(payload), (2, [[[1, -2], [3, 4]]]))
        steps, ports, states = protocol.decode_outputs(
            protocol.encode_outputs(1, [[[1 << 40]]], [(1, 2, [3, -4])]))
        self.assertEqual((steps, ports, states), (1, [[[1 << 40]]], [(1, 2, [3, -4])]))
        for bad in [b"\x09\0\0\0\0", b"\x04\xff\xff\xff\xff", b"\x04\x08\0\0\0abc"]:
            with self.assertRaises(protocol.ProtocolError):
                protocol.read_frame(io.BytesIO(bad))
        hello = bytearray(protocol.encode_hello())
        hello[4] = 9
        with self.assertRaisesRegex(protocol.ProtocolError, "version 9"):
            protocol.decode_hello(bytes(hello))


def random_lif_mlir(seed, n=24, inputs=6):
    """A recurrent cuba_lif network with random sparse integer weights, as quantized snn IR."""
    rng = random.Random(seed)
    w_in = [[rng.choice([0, 0, rng.randint(-127, 127)]) for _ in range(inputs)] for _ in range(n)]
    w_rec = [[rng.choice([0, 0, 0, rng.randint(-127, 127)]) for _ in range(n)] for _ in range(n)]
    bias = [rng.randint(-64, 64) for _ in range(n)]
    du, dv, vth = rng.randint(0, 4095), rng.randint(0, 4095), rng.randint(20, 400)
    exp = rng.randint(-3, 3)
    fmt = lambda m: "[" + ", ".join("[" + ", ".join(map(str, r)) + "]" for r in m) + "]"
    return f"""snn.network @lif{seed} inputs [@x] outputs [@h] {{
  snn.population @x size {inputs} model input
  snn.population @h size {n} model cuba_lif params {{decay_u = 0.1 : f64, decay_v = 0.1 : f64}} fixed_params {{bias_exp = 2 : i64, bias_mant = dense<{bias}> : tensor<{n}xi16>, du = {du} : i64, dv = {dv} : i64, vth_mant = {vth} : i64}}
  snn.projection @w_in from @x to @h weights dense<{fmt(w_in)}> : tensor<{n}x{inputs}xi16> weight_exp {exp}
  snn.projection @w_rec from @h to @h weights dense<{fmt(w_rec)}> : tensor<{n}x{n}xi16> weight_exp {exp}
}}
"""


class LavaBitExact(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.have_lava = lava_available()

    def setUp(self):
        if not self.have_lava:
            self.skipTest("Lava not importable: set GYRUS_LAVA_PATH=/path/to/lava/src "
                          "(or GYRUS_LAVA_PYTHON) to run the bit-exact comparisons")
        super().setUp()

    def compare(self, image, *args):
        result = run("--json", "lava", "compare", image, *args)
        report = json.loads(result.stdout)
        self.assertTrue(report["bit_exact"], report["divergence"])
        return report

    def compile(self, source, name, *args):
        out = self.path(name + ".gimg")
        run("compile", source, "--target", "loihi2", "-o", out, *args)
        return out

    def test_random_recurrent_lif_networks(self):
        for seed in range(4):
            source = self.path(f"lif{seed}.mlir")
            with open(source, "w") as f:
                f.write(random_lif_mlir(seed))
            for cores in ["1", "3"]:
                image = self.compile(source, f"lif{seed}_{cores}", "--cores", cores)
                self.compare(image, "--steps", "150", "--chunk", "50", "--rate", "0.3",
                             "--seed", str(seed))

    def test_leaky_sigma_delta_with_delays(self):
        image = self.compile(os.path.join(SOURCE_DIR, "tests", "lit", "Transforms", "Inputs",
                                          "quantized.mlir"), "q")
        self.compare(image, "--steps", "100", "--chunk", "30")

    def test_braille_nir_network(self):
        image = self.compile(os.path.join(NIR_DIR, "braille_noDelay_bias_zero.nir"), "braille")
        self.compare(image, "--steps", "200", "--chunk", "100", "--rate", "0.2")

    def test_shipped_bimt_model(self):
        image = self.compile(MODEL, "bimt")
        for seed in ["1", "2", "3"]:
            self.compare(image, "--steps", "300", "--chunk", "100", "--rate", "0.05",
                         "--seed", seed)

    def test_run_and_export(self):
        image = self.compile(MODEL, "bimt")
        out = json.loads(run("--json", "lava", "run", image, "--steps", "5").stdout)
        self.assertEqual({len(rows) for rows in out["outputs"].values()}, {5})
        script = self.path("net.py")
        env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "targets", "lava"))
        subprocess.run([PYTHON, "-m", "gyrus_lava", "export", image, "--out", script],
                       env=env, check=True, timeout=300)
        with open(script) as f:
            self.assertIn("Loihi2SimCfg", f.read())


if __name__ == "__main__":
    import unittest
    unittest.main()
