"""Every command the docs show runs: README.md and docs/*.md, their shell code blocks.

The commands are read out of the fenced code blocks and looked up in COMMANDS, the table
below, which says for each one, by document and exact text, how it is exercised:
- as written;
- shrunk: run after explicit text substitutions that cut the budget (training steps,
  trials, sweep lists, benchmark time), fill in a placeholder, or move a path outside the
  temporary directory (/tmp/fuzz) into it; each substitution must match the command;
- skipped, with the reason it cannot run in a test (root and apt, the network, the test
  suite itself, a usage synopsis full of placeholders, the half-hour Clang fuzzing build
  and the fuzz runs), and a cheap fallback where there is one (`bash -n`, `--help`, the
  presets listed, the targets in their CMakeLists.txt, the replay build of a fuzz target);
- Lava: run shrunk where Lava is importable (GYRUS_LAVA_PATH / GYRUS_LAVA_PYTHON), else
  the fallback (`--help`, and the documented missing-Lava error).
A command not in the table, or a table entry whose command has left its document, fails
test_every_docs_command_is_in_the_table: new docs commands must be added.

Each document's commands run in order, chained, in a temporary directory that holds what
the docs assume (examples/, scripts/, bench/, targets/, build/default, `gyrus`,
`gyrus-opt`, `gyrus-translate` and `python3` on PATH, and the inputs of SETUP; for
docs/fuzzing.md a copy of tests/fuzz, whose seeds the docs regenerate in place). Each must
exit 0, write the files the docs say it writes, print the output lines a `$` transcript
shows and what its entry `prints`, and pass the entry's `after` checks (the regenerated
fuzz seeds are the committed ones). Nothing is written into the checkout.
test_docs_flags_are_in_the_help checks every flag of every docs command (synopses included)
against the --help of its command.

Run one case with:
GYRUS=build/default/tools/gyrus/gyrus /usr/bin/python3 -m unittest docs_examples_test.DocsExamples.test_readme
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import unittest
from dataclasses import dataclass, field

from cli_test import GYRUS, PYTHON, SOURCE_DIR

SOURCE_DIR = os.path.abspath(SOURCE_DIR)
BUILD_DIR = os.environ.get("GYRUS_BUILD_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(GYRUS))))
GYRUS_OPT = os.environ.get("GYRUS_OPT") or os.path.join(BUILD_DIR, "compiler", "tools", "gyrus-opt",
                                                        "gyrus-opt")
GYRUS_TRANSLATE = os.environ.get("GYRUS_TRANSLATE") or os.path.join(
    BUILD_DIR, "compiler", "tools", "gyrus-translate", "gyrus-translate")
NIR_DIR = os.environ.get("GYRUS_SHARED_NIR_DIR", os.path.join(SOURCE_DIR, "..", "shared", "nir"))
# OFF in the asan preset: the benchmark commands then run their fallback.
BENCHMARKS_BUILT = os.environ.get("GYRUS_BENCHMARKS", "ON").upper() not in ("OFF", "0", "FALSE", "NO")

DOCUMENTS = ["README.md"] + sorted(os.path.relpath(p, SOURCE_DIR)
                                   for p in glob.glob(os.path.join(SOURCE_DIR, "docs", "*.md")))

# ---------------------------------------------------------------------------------------------
# Reading the commands out of the documents.

SHELL_LANGUAGES = {"", "sh", "bash", "shell", "console"}
ASSIGNMENTS = r"(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
PROGRAM = (r"(?:(?:gyrus|gyrus-opt|gyrus-translate|bash|sh|python3?|/usr/bin/python3|cmake|ctest|git|"
           r"export|sudo|apt|apt-get|pip3?|cd|cp|mkdir|make|ninja)(?=\s|$)|(?:build|scripts|bench|\.)/\S)")
# `nice [-n N]` runs the program after it, which may then also be an absolute path (/tmp/b/tool).
WRAPPER = r"nice(?:\s+-n\s+-?\d+)?\s+"
# The start of a command line: environment assignments, then a program the docs use.
COMMAND_START = re.compile(rf"^{ASSIGNMENTS}(?:{WRAPPER}(?:/[\w.+-]+)+(?=\s|$)|(?:{WRAPPER})?{PROGRAM})")
# A line of environment assignments alone, continued (`\`) by the command they are for: a
# command only if the joined line is.
ASSIGNMENTS_CONTINUED = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+\\$")


def is_command(text):
    """Whether a whole (continuations joined) line is a command: it, and each command it
    chains with `&&`, starts with a program the docs use."""
    return all(COMMAND_START.match(part.strip()) for part in text.split("&&"))


@dataclass
class DocCommand:
    doc: str
    line: int
    text: str                                   # one line: continuations joined, comment dropped
    shown_output: list = field(default_factory=list)  # what a `$` transcript prints after it


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_comment(line):
    """The line without a trailing `# comment` (a # after a blank, outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def normalize(text):
    return " ".join(text.split())


def extract_commands(doc):
    """The shell commands of one document's fenced code blocks, in order."""
    lines = read_text(os.path.join(SOURCE_DIR, doc)).split("\n")
    commands, i = [], 0
    while i < len(lines):
        fence = re.match(r"^\s*```\s*(\S*)", lines[i])
        if not fence:
            i += 1
            continue
        language, start = fence.group(1), i + 1
        end = start
        while end < len(lines) and not re.match(r"^\s*```", lines[end]):
            end += 1
        if language in SHELL_LANGUAGES:
            commands += block_commands(doc, start, lines[start:end], language != "")
        i = end + 1
    return commands


def block_commands(doc, first, block, labelled_shell):
    """The commands of one code block. In a `$` transcript, the `$` lines are the commands and
    the lines after each are what it prints; elsewhere, lines that start with a program."""
    transcript = any(line.startswith("$ ") for line in block)
    commands, current, continued = [], None, False
    for n, raw in enumerate(block):
        if transcript and not continued and not raw.startswith("$ "):
            if current is not None:
                current.shown_output.append(raw)
            continue
        text = strip_comment(raw[2:] if transcript and raw.startswith("$ ") else raw).rstrip()
        if continued:
            current.text += " " + text  # after a trailing `\` or `|`
        elif current is not None and not transcript and re.match(r"^\s+[\[-]", text):
            current.text += " " + text  # a wrapped usage synopsis: an indented line of options
        elif not text.strip() or text.lstrip().startswith("#"):
            current = None
            continue
        elif COMMAND_START.match(text.strip()) or ASSIGNMENTS_CONTINUED.match(text.strip()):
            current = DocCommand(doc, first + n + 1, text)
            commands.append(current)
        elif labelled_shell:
            raise AssertionError(f"{doc}:{first + n + 1}: a line of a sh block that is no command the docs "
                                 f"test knows: {raw!r} (add its program to COMMAND_START)")
        else:
            current = None
            continue
        continued = current.text.endswith("\\") or current.text.endswith("|")
        if current.text.endswith("\\"):
            current.text = current.text[:-1]
        if not continued and not is_command(normalize(current.text)):
            if labelled_shell:
                raise AssertionError(f"{doc}:{current.line}: a command of a sh block with a part that starts "
                                     f"with no program the docs test knows: {normalize(current.text)!r} "
                                     "(add its program to COMMAND_START)")
            commands.remove(current)
            current = None
    for command in commands:
        command.text = normalize(command.text)
        while command.shown_output and not command.shown_output[-1].strip():
            command.shown_output.pop()
    return commands


# ---------------------------------------------------------------------------------------------
# The table.

AS_WRITTEN, SHRUNK, SKIPPED, LAVA = "as written", "shrunk", "skipped", "lava"


@dataclass
class Check:
    """A fallback: a shell command that must exit `rc` and print each of `contains`, and,
    with `shown`, print a line the document shows verbatim (any python3 as /usr/bin/python3)."""
    cmd: str
    contains: tuple = ()
    rc: int = 0
    shown: bool = False


@dataclass
class Entry:
    doc: str
    cmd: str
    kind: str
    subs: tuple = ()          # (old, new) text substitutions, in order; each must match
    outputs: tuple = ()       # files (or DIR/ with something in it) the docs say it writes
    reason: str = ""
    fallback: tuple = ()      # Checks run instead (skipped; lava without Lava)
    benchmarks: bool = False  # runs a benchmark binary: the fallback when they are not built
    prints: tuple = ()        # what its output must contain (as written, shrunk)
    after: tuple = ()         # Checks run after it (as written, shrunk): what it wrote


def run_as_written(doc, cmd, outputs=(), prints=(), after=()):
    return Entry(doc, cmd, AS_WRITTEN, outputs=tuple(outputs), prints=tuple(prints), after=tuple(after))


def shrunk(doc, cmd, subs, reason, outputs=(), benchmarks=False, prints=(), after=()):
    return Entry(doc, cmd, SHRUNK, subs=tuple(subs), outputs=tuple(outputs), reason=reason,
                 benchmarks=benchmarks, prints=tuple(prints), after=tuple(after))


def skipped(doc, cmd, reason, fallback=()):
    return Entry(doc, cmd, SKIPPED, reason=reason, fallback=tuple(fallback))


def with_lava(doc, cmd, subs, fallback, outputs=()):
    return Entry(doc, cmd, LAVA, subs=tuple(subs), outputs=tuple(outputs), fallback=tuple(fallback),
                 reason="needs Lava: run shrunk where it is importable, else the fallback")


SYNOPSIS = ("a usage synopsis (placeholders such as FILE or N, alternatives a|b, optional [..]), "
            "not a runnable command; test_docs_flags_are_in_the_help checks its flags")


def synopsis(doc, cmd):
    return skipped(doc, cmd, SYNOPSIS)


def bench_fallback(*names):
    return tuple(Check(f"grep -q 'add_executable({name} ' bench/CMakeLists.txt") for name in names)


MODEL = "examples/models/cog20_bimt_20x20.gnet.h5"
BENCH_TIME = "--benchmark_min_time=0.01"  # one short repetition
TRAIN_SHRINK = "20 000+ steps of training: a few steps and a small final evaluation"
ANALYSIS_FIGURES = ("figures/grid.png", "figures/task_variance.png", "figures/performance.png",
                    "figures/analysis.h5")
PLACEMENT_FIGURES = ("figures/placement.json", "figures/placement_cores.png",
                     "figures/placement_link_load.png", "figures/placement_costs.png")
COG20_FILES = ("fdgo.h5", "reactgo.h5", "dmsnogo.h5", "contextdelaydm2.h5")
COG20_FIGURES = tuple(f"figures/{name[:-3]}.png" for name in COG20_FILES)
LAVA_MISSING = ("cannot import Lava", "GYRUS_LAVA_PATH")
SOURCE = shlex.quote(SOURCE_DIR)
FUZZ_CMAKE = "tests/fuzz/CMakeLists.txt"  # the workspace's copy of it (SETUP of docs/fuzzing.md)
CLANG_FUZZ_BUILD = ("the Clang build with libFuzzer and the sanitizers takes about 30 minutes on one core, "
                    "and Clang is not among the packages the tests need; the g++ build has the same targets "
                    "as <name>_fuzz_replay")


def fuzz_targets_fallback(*names):
    return tuple(Check(f"grep -q 'add_executable({name} ' {FUZZ_CMAKE}") for name in names)


def same_seeds(kind):
    """The regenerated corpus (the workspace's copy) is the committed one, file for file."""
    return Check(f"diff -r {SOURCE}/tests/fuzz/corpus/{kind} tests/fuzz/corpus/{kind}")


# What each document assumes is there before its first command (run in order, in its
# directory, with the same PATH as the commands).
SETUP = {
    # "a trained network": a small one trained here (analysing the shipped model takes 7 s, and
    # results.md analyses it).
    "docs/analysis.md": ["gyrus --seed 1 train --hidden 6x6 --steps 4 --final-eval-trials 8 --out model.gnet.h5"],
    "docs/ir-reference.md": [f"gyrus-translate --import-gnet {MODEL} > net.mlir",
                             f"gyrus compile {MODEL} --target mini --emit quantized -o q.mlir"],
    "docs/lava.md": [f"gyrus compile {MODEL} --target loihi2 -o net.gimg"],
    "docs/nir.md": ['cp "$NIR_DIR/braille_noDelay_bias_zero.nir" net.nir && chmod u+w net.nir'],
    "docs/quantization.md": [f"ln -s {MODEL} model.gnet.h5",
                             "gyrus-translate --import-gnet model.gnet.h5 > net.mlir"],
    "docs/runtime.md": ['gyrus compile "$NIR_DIR/braille_noDelay_bias_zero.nir" --target loihi2 -o braille.gimg',
                        "cp braille.gimg image.gimg"],
    "docs/fuzzing.md": [
        # tests/fuzz as a copy, mtimes kept (the docs regenerate its seeds in place: the checkout's
        # stay as they are), and the lit inputs its generators read.
        f"mkdir tests && cp -Rp {SOURCE}/tests/fuzz tests/fuzz && ln -s {SOURCE}/tests/lit tests/lit",
        # make_hdf5_seeds.py reads the shared NIR fixtures from ../shared/nir.
        'mkdir -p ../shared && ln -s "$NIR_DIR" ../shared/nir',
        # A finding to look at: a seed that once crashed the NIR importer.
        "cp tests/fuzz/corpus/nir/regression_shape_nan.script crash-1234",
        # The MLIR extras, as the docs list them: `gyrus compile --emit snn` and `--emit quantized`
        # of make_gnet.py's network, `--emit snn --dt 0.125` of make_nir.py --readout's graph.
        "mkdir extras && python3 tests/lit/Import/Inputs/make_gnet.py extras/tiny.gnet.h5"
        " && gyrus compile extras/tiny.gnet.h5 --target mini --emit snn -o extras/gnet_tiny.mlir"
        " && gyrus compile extras/tiny.gnet.h5 --target mini --emit quantized -o extras/gnet_tiny_quantized.mlir"
        " && python3 tests/lit/Import/Inputs/make_nir.py extras/nir_readout.nir --readout"
        " && gyrus compile extras/nir_readout.nir --target mini --emit snn --dt 0.125 -o extras/nir_readout.mlir"
        " && rm extras/tiny.gnet.h5 extras/nir_readout.nir",
        # ctest's view of the build tree: its CTestTestfile.cmake files (ctest writes its logs into
        # its --test-dir, and the build tree's are the running ctest's).
        'W=$PWD && mkdir ctest-tree && (cd build/default && find . -name CTestTestfile.cmake '
        '-exec cp --parents {} "$W/ctest-tree/" \\;)',
    ],
}

COMMANDS = [
    # README.md
    skipped("README.md", "bash scripts/demo.sh",
            "installs Debian packages (scripts/setup.sh: apt, root or sudo) and builds the tree; its "
            "last step, `gyrus --seed 1 demo --out DIR`, is demo_test.py",
            [Check("bash -n scripts/demo.sh")]),
    skipped("README.md", "bash scripts/test.sh",
            "installs Debian packages (apt, root or sudo), builds and runs the whole test suite, "
            "this test included", [Check("bash -n scripts/test.sh")]),
    synopsis("README.md", "gyrus --help | --version"),
    synopsis("README.md", "gyrus [--json] [--seed S] [-q|-v] <command> ..."),
    synopsis("README.md", "gyrus tasks list [--suite cog20|modcog]"),
    synopsis("README.md", "gyrus tasks sample --task NAME|all [--suite cog20|modcog] [--batch B] "
             "[--mode random|test] [--no-noise] --out FILE.h5|DIR"),
    synopsis("README.md", "gyrus train [--suite cog20|modcog] [--reg none|l1|bimt] [--lambda SCHEDULE] "
             "[--steps N] [--hidden WxH] [--batch B] [--swap-every K] [--swap-topk k] [--log FILE.jsonl] "
             "[--resume CHECKPOINT] --out MODEL.gnet.h5"),
    synopsis("README.md", "gyrus analyze MODEL.gnet.h5 [--figures DIR] [--threshold X]"),
    synopsis("README.md", "gyrus sweep --regs none,l1,bimt --lambdas 1e-5,1e-4,1e-3 --seeds 1,2 --steps N "
             "--out DIR [--shard I/N]"),
    synopsis("README.md", "gyrus compile MODEL.gnet.h5|GRAPH.nir|NET.mlir --target loihi1|loihi2|mini|CHIP.json "
             "[--emit snn|quantized|chip|image] [-o OUT] [--bytecode] [--dt SECONDS] [--frac-bits F] "
             "[--partition spatial|linear|random|hilbert|metis|anneal] "
             "[--placement spatial|linear|random|hilbert|anneal] [--cores N]"),
    synopsis("README.md", "gyrus place-compare MODEL|GRAPH|NET --target T "
             "[--strategies spatial,linear,random,hilbert,metis,anneal] [--placement S] [--rates RATES.json] "
             "[--figures DIR] [--simulate TASK|all [--sim-trials K]]"),
    synopsis("README.md", "gyrus inspect IMAGE.gimg"),
    synopsis("README.md", "gyrus sim IMAGE.gimg [--steps N | --input FILE.h5 | --task NAME|all [--trials K]] "
             "[--engine sim|ref] [--threads N] [--trace TRACE.h5] [--probe POPULATION] "
             "[--figures DIR]"),
    synopsis("README.md", "gyrus verify IMAGE.gimg [--steps N | --input FILE.h5 | --task NAME|all "
             "[--trials K]]"),
    synopsis("README.md", "gyrus verify IMAGE.gimg --against-float MODEL.gnet.h5 [--trials K] "
             "[--max-drop POINTS]"),
    synopsis("README.md", "gyrus lava run|compare IMAGE.gimg --steps N [--input FILE.h5] [--python PY]"),
    synopsis("README.md", "gyrus demo [--out DIR] [--model MODEL.gnet.h5] [--train] [--trials K]"),
    synopsis("README.md", "gyrus-opt FILE.mlir [--snn-verify-target=target=T] "
             '[--snn-quantize="target=T frac-bits=12"]'),
    synopsis("README.md", "gyrus-translate --import-gnet MODEL.gnet.h5"),
    synopsis("README.md", "gyrus-translate --import-nir GRAPH.nir [--nir-dt S]"),
    synopsis("README.md", "gyrus-translate --export-nir NET.mlir -o GRAPH.nir"),
    run_as_written("README.md", "gyrus tasks sample --task delaydm1 --batch 64 --seed 1 --out delaydm1.h5",
                   ["delaydm1.h5"]),
    run_as_written("README.md", "scripts/plot_trial.py delaydm1.h5 --out figures/", ["figures/delaydm1.png"]),
    shrunk("README.md", 'gyrus --seed 1 train --reg bimt --lambda "1e-5@0,5e-5@12000" --steps 24000 '
           "--out model.gnet.h5 --log train.jsonl",
           [("--steps 24000", "--steps 4 --final-eval-trials 8")], TRAIN_SHRINK,
           ["model.gnet.h5", "train.jsonl"]),
    run_as_written("README.md", f"gyrus compile {MODEL} --target mini -o cog20.gimg", ["cog20.gimg"]),
    run_as_written("README.md", "gyrus inspect cog20.gimg"),
    run_as_written("README.md", f"gyrus --seed 1 place-compare {MODEL} --target mini "
                   "--strategies spatial,random,anneal"),

    # docs/analysis.md
    run_as_written("docs/analysis.md", "gyrus analyze model.gnet.h5"),
    run_as_written("docs/analysis.md", "gyrus analyze model.gnet.h5 --json"),
    run_as_written("docs/analysis.md", "gyrus --seed 3 analyze model.gnet.h5 --figures figures/ --threshold 1e-2",
                   ANALYSIS_FIGURES),

    # docs/fuzzing.md
    shrunk("docs/fuzzing.md", "ctest --test-dir build/default -R Fuzz",
           [("--test-dir build/default", "--test-dir ctest-tree")],
           "ctest writes its logs (Testing/Temporary/) into its --test-dir, here the build tree whose ctest "
           "runs this test: the same tests, from a copy of the tree's CTestTestfile.cmake files",
           prints=("ImageFuzzReplay", "TargetFuzzReplay", "NetworkFuzzReplay", "NirFuzzReplay", "MlirFuzzReplay",
                   "100% tests passed")),
    run_as_written("docs/fuzzing.md", "GYRUS_FUZZ_VERBOSE=1 build/default/tests/fuzz/nir_fuzz_replay crash-1234",
                   prints=("NIR node 'in' has a shape entry nan", "replayed 1 inputs")),
    skipped("docs/fuzzing.md", "CXX=clang++ cmake -S . -B /tmp/fuzz/build-clang -G Ninja "
            "-DCMAKE_BUILD_TYPE=RelWithDebInfo -DGYRUS_BUILD_BENCHMARKS=OFF "
            '"-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" '
            '"-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"', CLANG_FUZZ_BUILD,
            [Check(f"grep -q 'option(GYRUS_BUILD_BENCHMARKS ' {SOURCE}/CMakeLists.txt"),
             Check(f"grep -q 'if(CMAKE_CXX_COMPILER_ID MATCHES \"Clang\")' {FUZZ_CMAKE}")]),
    skipped("docs/fuzzing.md", "ninja -C /tmp/fuzz/build-clang -j1 network_fuzz nir_fuzz mlir_fuzz make_hdf5_corpus",
            CLANG_FUZZ_BUILD, fuzz_targets_fallback("network_fuzz", "nir_fuzz", "mlir_fuzz", "make_hdf5_corpus")),
    shrunk("docs/fuzzing.md", "mkdir -p /tmp/fuzz/run-nir/corpus", [("/tmp/fuzz/", "fuzz/")],
           "/tmp/fuzz is outside the test's directory: the same paths in it"),
    shrunk("docs/fuzzing.md", "cp tests/fuzz/corpus/nir/* /tmp/fuzz/run-nir/corpus/ && cd /tmp/fuzz/run-nir",
           [("/tmp/fuzz/run-nir/corpus/", "fuzz/run-nir/corpus/"), ("cd /tmp/fuzz/run-nir", "cd fuzz/run-nir")],
           "/tmp/fuzz is outside the test's directory: the same paths in it",
           ["fuzz/run-nir/corpus/nir_ok.script", "fuzz/run-nir/corpus/regression_shape_nan.script"]),
    skipped("docs/fuzzing.md", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=allow_user_poisoning=0 "
            "nice -n 10 /tmp/fuzz/build-clang/tests/fuzz/nir_fuzz -jobs=1 -max_total_time=620 -rss_limit_mb=4096 "
            "-print_final_stats=1 corpus",
            "a 10-minute fuzz run of the Clang build (not made here): the same target, built by any compiler as "
            "nir_fuzz_replay, run the same way over the scratch corpus the lines before made",
            [*fuzz_targets_fallback("nir_fuzz"),
             Check("cd fuzz/run-nir && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "
                   "ASAN_OPTIONS=allow_user_poisoning=0 nice -n 10 ../../build/default/tests/fuzz/nir_fuzz_replay "
                   "corpus", ("replayed ",))]),
    # Regenerated into the workspace's copy of tests/fuzz, and compared with the committed seeds.
    shrunk("docs/fuzzing.md", "python3 tests/fuzz/make_hdf5_seeds.py /tmp/fuzz/build-clang",
           [("/tmp/fuzz/build-clang", "build/default")],
           "the Clang build is not made here (about 30 minutes); any build directory holding make_hdf5_corpus "
           "will do, as the docs say",
           ["tests/fuzz/corpus/network/tiny.script", "tests/fuzz/corpus/network/cog20_bimt_20x20_corner.script",
            "tests/fuzz/corpus/nir/nir_readout.script", "tests/fuzz/corpus/nir/braille_noDelay_bias_zero.script"],
           after=(same_seeds("network"), same_seeds("nir"))),
    shrunk("docs/fuzzing.md", "python3 tests/fuzz/make_mlir_corpus.py tests/fuzz/corpus/mlir [EXTRA.mlir...]",
           [("[EXTRA.mlir...]", "extras/*.mlir")],
           "EXTRA.mlir... is a placeholder: the extras the docs list, made in SETUP",
           ["tests/fuzz/corpus/mlir/Dialect_SNN_round-trip_0.mlir", "tests/fuzz/corpus/mlir/gnet_tiny.mlir",
            "tests/fuzz/corpus/mlir/gnet_tiny_quantized.mlir", "tests/fuzz/corpus/mlir/nir_readout.mlir"],
           after=(same_seeds("mlir"),)),
    run_as_written("docs/fuzzing.md", "build/default/tests/fuzz/make_image_corpus tests/fuzz/corpus/image",
                   ["tests/fuzz/corpus/image/valid_small.gimg", "tests/fuzz/corpus/image/bad_crc.gimg"],
                   after=(same_seeds("image"),)),

    # docs/ir-reference.md
    run_as_written("docs/ir-reference.md",
                   "gyrus-opt net.mlir --pass-pipeline='builtin.module(gyrus-compile{target=mini chip=true}, "
                   "chip-emit-image{target=mini output=net.gimg})'", ["net.gimg"]),
    run_as_written("docs/ir-reference.md",
                   'gyrus-opt q.mlir --snn-partition="target=mini strategy=linear" --convert-snn-to-chip=target=mini '
                   '--chip-place="target=mini strategy=hilbert" --chip-route'),
    run_as_written("docs/ir-reference.md", "gyrus-opt net.mlir"),
    run_as_written("docs/ir-reference.md", "gyrus-opt net.mlir --emit-bytecode -o net.mlirbc", ["net.mlirbc"]),
    run_as_written("docs/ir-reference.md", "gyrus-opt net.mlirbc"),
    run_as_written("docs/ir-reference.md", "gyrus-opt net.mlir -mlir-print-op-generic"),
    run_as_written("docs/ir-reference.md", "gyrus-opt net.mlir --mlir-elide-resource-strings-if-larger=64"),

    # docs/lava.md
    skipped("docs/lava.md", "git clone https://github.com/lava-nc/lava /tmp/lava-repo",
            "downloads Lava from GitHub: tests run offline and take a Lava checkout from "
            "GYRUS_LAVA_PATH (or an interpreter from GYRUS_LAVA_PYTHON) instead"),
    skipped("docs/lava.md", "export GYRUS_LAVA_PATH=/tmp/lava-repo/src",
            "points at the checkout the line before makes; the test hands its own GYRUS_LAVA_PATH "
            "to the next line"),
    with_lava("docs/lava.md", "gyrus lava compare net.gimg --steps 500", [("--steps 500", "--steps 20")],
              [Check("gyrus lava compare --help", ("--steps",)),
               Check("gyrus lava compare net.gimg --steps 500", LAVA_MISSING, rc=1, shown=True)]),
    synopsis("docs/lava.md", "gyrus lava run IMAGE --steps N [--input FILE.h5 | --seed S --rate R] [--python P] "
             "[--timeout S] [--chunk K] [--json]"),
    synopsis("docs/lava.md", "gyrus lava compare IMAGE --steps N [--input FILE.h5 | --seed S --rate R] [...]"),
    shrunk("docs/lava.md", "python3 -m gyrus_lava export IMAGE --out net.py",
           [("python3 -m gyrus_lava export IMAGE", "PYTHONPATH=targets/lava python3 -m gyrus_lava export net.gimg")],
           "IMAGE is a placeholder, and the comment beside it sets PYTHONPATH", ["net.py"]),
    with_lava("docs/lava.md", "python3 -m gyrus_lava run IMAGE --steps N [--input inputs.json]",
              [("python3 -m gyrus_lava run IMAGE --steps N [--input inputs.json]",
                'PYTHONPATH="targets/lava:$GYRUS_LAVA_PATH" "${GYRUS_LAVA_PYTHON:-python3}" '
                "-m gyrus_lava run net.gimg --steps 5")],
              [Check("PYTHONPATH=targets/lava python3 -m gyrus_lava run --help", ("--steps",))]),

    # docs/nir.md
    shrunk("docs/nir.md", "gyrus-translate --import-nir net.nir [--nir-dt 1e-4] > net.mlir",
           [("[--nir-dt 1e-4]", "--nir-dt 1e-4")], "the optional flag in brackets, given", ["net.mlir"]),
    shrunk("docs/nir.md", "gyrus-translate --export-nir net.mlir -o net.nir [--nir-dt 1e-4]",
           [("[--nir-dt 1e-4]", "--nir-dt 1e-4")], "the optional flag in brackets, given", ["net.nir"]),

    # docs/quantization.md
    run_as_written("docs/quantization.md", 'gyrus-translate --import-gnet model.gnet.h5 | gyrus-opt '
                   '--snn-verify-target="target=mini" --snn-quantize="target=mini frac-bits=12"'),
    run_as_written("docs/quantization.md", "gyrus-opt net.mlir --pass-pipeline='builtin.module(snn.network("
                   "snn-verify-target{target=mini}, snn-quantize{target=mini}))'"),

    # docs/results.md
    run_as_written("docs/results.md", "gyrus tasks sample --task all --mode test --out t/",
                   [f"t/{name}" for name in COG20_FILES]),
    skipped("docs/results.md", "scripts/crosscheck_cog20.py --multitask PATH/TO/gyyang/multitask t/",
            "needs a checkout of github.com/gyyang/multitask (Yang et al.'s task.py), which is not "
            "part of gyrus and not reachable offline",
            [Check("scripts/crosscheck_cog20.py --help", ("--multitask",))]),
    shrunk("docs/results.md", "build/default/bench/gyrus_train_bench",
           [("gyrus_train_bench", "gyrus_train_bench --benchmark_filter=BM_TrainStep/1/ " + BENCH_TIME)],
           "a benchmark: the one-thread case (two threads crawl on a loaded machine), one short repetition",
           benchmarks=True),
    shrunk("docs/results.md", "bench/train_step_torch.py --gyrus-bench build/default/bench/gyrus_train_bench",
           [("gyrus_train_bench", "gyrus_train_bench --repeats 1")], "a benchmark: one repetition",
           benchmarks=True),
    shrunk("docs/results.md", 'gyrus --seed 1 train --suite cog20 --reg bimt --lambda "1e-5@0,5e-5@12000" '
           "--steps 24000 --eval-every 1000 --eval-trials 64 --checkpoint-every 2000 "
           "--out cog20_bimt_20x20.gnet.h5 --log cog20_bimt_20x20.train.jsonl",
           [("--steps 24000 --eval-every 1000 --eval-trials 64 --checkpoint-every 2000",
             "--steps 4 --eval-every 2 --eval-trials 4 --checkpoint-every 2 --final-eval-trials 8")],
           TRAIN_SHRINK, ["cog20_bimt_20x20.gnet.h5", "cog20_bimt_20x20.train.jsonl",
                          "cog20_bimt_20x20.gnet.h5.ckpt"]),
    run_as_written("docs/results.md", f"gyrus analyze {MODEL} --figures figures/", ANALYSIS_FIGURES),
    shrunk("docs/results.md", "gyrus --seed 1 sweep --suite cog20 --regs none,l1,bimt --lambdas "
           "1e-5,3e-5,1e-4,3e-4 --seeds 1 --steps 8000 --hidden 10x10 --jobs 1 --out sweep10",
           [("--regs none,l1,bimt --lambdas 1e-5,3e-5,1e-4,3e-4", "--regs bimt --lambdas 1e-4"),
            ("--steps 8000 --hidden 10x10", "--steps 4 --hidden 4x4 --eval-trials 4 --final-eval-trials 8")],
           "nine runs of 8 000 steps on 10x10: one run of a few steps on 4x4",
           ["sweep10/sweep.csv", "sweep10/sweep.json"]),
    run_as_written("docs/results.md", "build/default/bench/gyrus_compile_bench"),
    run_as_written("docs/results.md", f"gyrus --seed 1 place-compare {MODEL} --target mini --figures figures/",
                   PLACEMENT_FIGURES),
    shrunk("docs/results.md", "build/default/bench/gyrus_backend_bench",
           [("gyrus_backend_bench", "gyrus_backend_bench --benchmark_filter=spatial")],
           "three strategies on 100k neurons, one a 20 s anneal: the spatial one only", benchmarks=True),
    run_as_written("docs/results.md", f"gyrus compile {MODEL} --target loihi2 -o bimt.gimg", ["bimt.gimg"]),
    shrunk("docs/results.md", f"gyrus verify bimt.gimg --against-float {MODEL} --max-drop 2",
           [("--max-drop 2", "--trials 16 --max-drop 2")], "every test trial of 20 tasks: 16 per task"),

    # docs/runtime.md
    run_as_written("docs/runtime.md", f"gyrus compile {MODEL} --target loihi2 -o bimt.gimg", ["bimt.gimg"]),
    shrunk("docs/runtime.md",
           f"gyrus verify bimt.gimg --against-float {MODEL} [--trials K] [--max-drop 2] [--json]",
           [("[--trials K] [--max-drop 2] [--json]", "--trials 16 --max-drop 2 --json")],
           "the optional flags in brackets, given, with 16 trials per task"),
    run_as_written("docs/runtime.md", f"gyrus compile {MODEL} --target mini -o bimt_mini.gimg", ["bimt_mini.gimg"]),
    shrunk("docs/runtime.md", "gyrus sim bimt_mini.gimg --task dm1 --trials 16 [--engine sim|ref] "
           "[--threads N] [--json]",
           [("[--engine sim|ref] [--threads N] [--json]", "--engine sim --threads 2 --json")],
           "the optional flags in brackets, given: the simulator on two threads"),
    run_as_written("docs/runtime.md", "gyrus sim braille.gimg --steps 500 --seed 7 --trace trace.h5 "
                   "--probe lif1_lif lif2", ["trace.h5"]),
    run_as_written("docs/runtime.md",
                   "gyrus sim bimt_mini.gimg --task dm1 --trials 1 --probe hidden --figures figures/",
                   ["figures/trace.h5", "figures/raster.png", "figures/core_activity.png"]),
    shrunk("docs/runtime.md", "gyrus verify bimt_mini.gimg --task all --trials 16 [--json]",
           [("--trials 16 [--json]", "--trials 4 --json")], "the optional flag, given; 4 trials per task"),
    run_as_written("docs/runtime.md", "gyrus verify braille.gimg --steps 500 --seed 7"),
    run_as_written("docs/runtime.md", "gyrus verify image.gimg"),

    # docs/tasks.md
    synopsis("docs/tasks.md", "gyrus tasks list [--suite cog20|modcog] [--json]"),
    synopsis("docs/tasks.md", "gyrus tasks sample --task NAME [--batch B] [--mode random|test] [--no-noise] "
             "--seed S --out FILE.h5"),
    run_as_written("docs/tasks.md", "gyrus tasks sample --task all --suite cog20 --out DIR/",
                   [f"DIR/{name}" for name in COG20_FILES]),
    run_as_written("docs/tasks.md", "scripts/plot_trial.py DIR/ --out figures/ --overview overview.png",
                   COG20_FIGURES + ("overview.png",)),
    skipped("docs/tasks.md", "cmake --build --preset default --target gyrus_task_bench",
            "builds the tree this test runs from", [Check("cmake --build --list-presets", ('"default"',)),
                                                    *bench_fallback("gyrus_task_bench")]),
    shrunk("docs/tasks.md", "build/default/bench/gyrus_task_bench --benchmark_filter='Schedule|Reference'",
           [("--benchmark_filter='Schedule|Reference'", "--benchmark_filter='Schedule|Reference' "
             + BENCH_TIME)], "a benchmark: one short repetition", benchmarks=True),

    # docs/training.md
    shrunk("docs/training.md", 'gyrus --seed 1 train --suite cog20 --reg bimt --lambda "1e-5@0,5e-5@12000" '
           "--steps 24000 --out model.gnet.h5 --log train.jsonl",
           [("--steps 24000", "--steps 4 --final-eval-trials 8")], TRAIN_SHRINK,
           ["model.gnet.h5", "model.gnet.h5.ckpt", "train.jsonl"]),
    shrunk("docs/training.md", "gyrus train --resume model.gnet.h5.ckpt --steps 30000 --out model.gnet.h5",
           [("--steps 30000", "--steps 8 --final-eval-trials 8")], TRAIN_SHRINK, ["model.gnet.h5"]),
    skipped("docs/training.md", "cmake --build --preset default --target gyrus_train_bench gyrus_bimt_bench",
            "builds the tree this test runs from", [Check("cmake --build --list-presets", ('"default"',)),
                                                    *bench_fallback("gyrus_train_bench", "gyrus_bimt_bench")]),
    shrunk("docs/training.md", "build/default/bench/gyrus_train_bench",
           [("gyrus_train_bench", "gyrus_train_bench --benchmark_filter=BM_TrainStep/1/ " + BENCH_TIME)],
           "a benchmark: the one-thread case (two threads crawl on a loaded machine), one short repetition",
           benchmarks=True),
    shrunk("docs/training.md", "build/default/bench/gyrus_bimt_bench", [("gyrus_bimt_bench", "gyrus_bimt_bench "
           + BENCH_TIME)], "a benchmark: one short repetition", benchmarks=True),
    shrunk("docs/training.md", "bench/train_step_torch.py --gyrus-bench build/default/bench/gyrus_train_bench",
           [("gyrus_train_bench", "gyrus_train_bench --repeats 1")], "a benchmark: one repetition",
           benchmarks=True),

    # docs/user-guide.md
    skipped("docs/user-guide.md", "bash scripts/setup.sh", "installs Debian packages: apt, as root or with sudo",
            [Check("bash -n scripts/setup.sh")]),
    skipped("docs/user-guide.md", "cmake --preset default", "configures the tree this test runs from",
            [Check("cmake --list-presets", ('"default"',))]),
    skipped("docs/user-guide.md", "cmake --build --preset default", "builds the tree this test runs from",
            [Check("cmake --build --list-presets", ('"default"',))]),
    run_as_written("docs/user-guide.md", "build/default/tools/gyrus/gyrus --help"),
    run_as_written("docs/user-guide.md", "gyrus tasks list"),
    run_as_written("docs/user-guide.md", "gyrus tasks list --suite modcog --json"),
    run_as_written("docs/user-guide.md", "gyrus tasks sample --task delaydm1 --batch 64 --seed 1 --out delaydm1.h5",
                   ["delaydm1.h5"]),
    run_as_written("docs/user-guide.md", "gyrus tasks sample --task contextdm1 --mode test --out contextdm1-grid.h5",
                   ["contextdm1-grid.h5"]),
    run_as_written("docs/user-guide.md", "gyrus tasks sample --task all --suite cog20 --seed 1 --out trials/",
                   [f"trials/{name}" for name in COG20_FILES]),
    run_as_written("docs/user-guide.md", "scripts/plot_trial.py trials/ --out figures/ --overview overview.png",
                   COG20_FIGURES + ("overview.png",)),
    synopsis("docs/user-guide.md", "gyrus [--seed S] compile MODEL.gnet.h5|GRAPH.nir|NET.mlir "
             "--target loihi1|loihi2|mini|CHIP.json [--emit snn|quantized|chip|image] "
             "[--partition spatial|linear|random|hilbert|metis|anneal] "
             "[--placement spatial|linear|random|hilbert|anneal] [--cores N] -o OUT [--bytecode] "
             "[--dt SECONDS] [--frac-bits F]"),
    run_as_written("docs/user-guide.md", f"gyrus compile {MODEL} --target mini -o cog20.gimg", ["cog20.gimg"]),
    synopsis("docs/user-guide.md", "gyrus [--seed S] [--json] place-compare MODEL.gnet.h5|GRAPH.nir|NET.mlir "
             "--target T [--strategies spatial,linear,random,hilbert,metis,anneal] [--placement S] "
             "[--rates RATES.json] [--figures DIR] [--simulate TASK|all [--sim-trials K]]"),
]

TABLE = {}
for _entry in COMMANDS:
    assert (_entry.doc, _entry.cmd) not in TABLE, f"twice in COMMANDS: {_entry.doc}: {_entry.cmd}"
    TABLE[(_entry.doc, _entry.cmd)] = _entry


def method_for(doc):
    """The test method that runs a document's commands: README.md -> test_readme."""
    return "test_" + re.sub(r"\W", "_", os.path.splitext(os.path.basename(doc))[0].lower())


def substituted(entry):
    """The command after the entry's substitutions; each one must match."""
    text = entry.cmd
    for old, new in entry.subs:
        if old not in text:
            raise AssertionError(f"{entry.doc}: the substitution {old!r} -> {new!r} no longer matches "
                                 f"`{entry.cmd}`: update COMMANDS")
        text = text.replace(old, new, 1)
    return text


_LAVA = None


def lava_importable():
    global _LAVA
    if _LAVA is None:
        from lava_test import lava_available
        _LAVA = lava_available()
    return _LAVA


# ---------------------------------------------------------------------------------------------
# The flags: every option a docs command uses is in its command's --help.

GYRUS_PROGRAMS = {"gyrus", "build/default/tools/gyrus/gyrus"}
FLAG = re.compile(r"(?<![\w./=-])(--?[A-Za-z][\w-]*)")


def program_of(segment):
    """The program a pipeline segment runs (module:NAME for `python3 -m NAME`), or None: the
    segment goes on with the program before it (`gyrus --help | --version`, a | b in a synopsis)."""
    words = segment.split()
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        words = words[1:]
    if not words or not COMMAND_START.match(" ".join(words)):
        return None
    if words[0] == "nice":  # the program it runs
        words = words[3:] if len(words) > 3 and words[1] == "-n" else words[1:]
    if words[0] in ("python3", "python", "/usr/bin/python3") and len(words) > 1:
        return "module:" + words[2] if words[1] == "-m" and len(words) > 2 else words[1]
    return words[0]


class HelpTexts:
    def __init__(self, work_env):
        self.env = work_env
        self.cache = {}

    def get(self, argv, cwd=SOURCE_DIR, env=None):
        key = tuple(argv)
        if key not in self.cache:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=cwd,
                                    env=env or self.env)
            self.cache[key] = result.stdout + result.stderr
        return self.cache[key]

    def gyrus_subcommands(self, path):
        text = self.get([GYRUS, *path, "--help"])
        if "Subcommands:" not in text:
            return []
        return re.findall(r"^  (\S+)\s", text.split("Subcommands:", 1)[1], re.M)


def has_flag(help_text, flag):
    name = flag.lstrip("-").split("=")[0]
    return re.search(r"(?<![\w-])--?" + re.escape(name) + r"(?![\w-])", help_text) is not None


def flags_of(text):
    without_quotes = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)
    return [flag.split("=")[0] for flag in FLAG.findall(without_quotes)]


# ---------------------------------------------------------------------------------------------


class DocsExamples(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.extracted = {doc: extract_commands(doc) for doc in DOCUMENTS}

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gyrus_docs_")
        self.bin = os.path.join(self.tmp.name, "bin")
        os.mkdir(self.bin)
        for name, target in [("gyrus", GYRUS), ("gyrus-opt", GYRUS_OPT), ("gyrus-translate", GYRUS_TRANSLATE),
                             ("python3", PYTHON)]:
            os.symlink(os.path.abspath(target), os.path.join(self.bin, name))
        self.env = dict(os.environ, PATH=self.bin + os.pathsep + os.environ.get("PATH", ""),
                        NIR_DIR=os.path.abspath(NIR_DIR), MPLBACKEND="Agg", OMP_NUM_THREADS="1")

    def tearDown(self):
        self.tmp.cleanup()

    def workspace(self, doc):
        """A directory with what the docs assume of the current directory."""
        work = os.path.join(self.tmp.name, "work")
        os.mkdir(work)
        for name in ["examples", "scripts", "bench", "targets", "CMakePresets.json"]:
            os.symlink(os.path.join(SOURCE_DIR, name), os.path.join(work, name))
        os.mkdir(os.path.join(work, "build"))
        os.symlink(os.path.abspath(BUILD_DIR), os.path.join(work, "build", "default"))
        for command in SETUP.get(doc, []):
            self.shell(command, work, f"{doc}: setting up `{command}`")
        return work

    def shell(self, command, cwd, what, rc=0):
        result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, env=self.env,
                                capture_output=True, text=True, timeout=600)
        if result.returncode != rc:
            raise AssertionError(f"{what}: exit code {result.returncode}, expected {rc}\n"
                                 f"stdout ends: {result.stdout[-3000:]}\nstderr ends: {result.stderr[-3000:]}")
        return result.stdout + result.stderr

    def check_outputs(self, entry, work, started):
        for output in entry.outputs:
            path = os.path.join(work, output)
            if output.endswith("/"):
                self.assertTrue(os.path.isdir(path) and os.listdir(path),
                                f"{entry.doc}: `{entry.cmd}` should fill {output}")
                continue
            self.assertTrue(os.path.isfile(path), f"{entry.doc}: `{entry.cmd}` should write {output}")
            self.assertGreaterEqual(os.path.getmtime(path), started - 2,
                                    f"{entry.doc}: `{entry.cmd}` left {output} as it was")

    def check_shown_output(self, command, printed):
        """The lines a `$` transcript shows (but `...`) are printed, in order."""
        actual = [normalize(line) for line in printed.splitlines()]
        position = 0
        for line in command.shown_output:
            if "..." in line or not line.strip():
                continue
            try:
                position = actual.index(normalize(line), position) + 1
            except ValueError:
                self.fail(f"{command.doc}:{command.line}: `{command.text}` no longer prints the line the docs "
                          f"show:\n{line}\nIt printed:\n{printed[-4000:]}")

    def run_fallback(self, entry, work, why):
        sys.stderr.write(f"\n{entry.doc}: `{entry.cmd}`: {why}; fallback:"
                         + "".join(f" `{check.cmd}`" for check in entry.fallback) + "\n")
        for check in entry.fallback:
            self.run_check(entry, check, work, "fallback")

    def run_check(self, entry, check, work, role):
        printed = self.shell(check.cmd, work, f"{entry.doc}: {role} for `{entry.cmd}`: `{check.cmd}`", rc=check.rc)
        for fragment in check.contains:
            self.assertIn(fragment, printed, f"{entry.doc}: {role} `{check.cmd}`")
        if check.shown:
            lines = [re.sub(r"/[\w./-]*/python3\b", "/usr/bin/python3", line.strip())
                     for line in printed.splitlines()]
            shown = read_text(os.path.join(SOURCE_DIR, entry.doc)).splitlines()
            self.assertTrue(any(line and line in shown for line in lines),
                            f"{entry.doc} should show what `{check.cmd}` prints:\n{printed}")

    def run_document(self, doc):
        commands = self.extracted[doc]
        self.assertTrue(commands, f"{doc} shows no commands: drop {method_for(doc)}")
        work = self.workspace(doc)
        ran = 0
        for command in commands:
            entry = TABLE.get((doc, command.text))
            if entry is None:
                self.fail(f"{doc}:{command.line}: `{command.text}` is not in COMMANDS")
            if entry.kind == SKIPPED:
                if entry.fallback:
                    self.run_fallback(entry, work, "skipped: " + entry.reason)
                continue
            if entry.kind == LAVA and not lava_importable():
                self.run_fallback(entry, work, "Lava is not importable (GYRUS_LAVA_PATH, GYRUS_LAVA_PYTHON)")
                continue
            # A command that runs a benchmark binary is one, whether or not its entry says so.
            if (entry.benchmarks or "bench/gyrus_" in entry.cmd) and not BENCHMARKS_BUILT:
                names = re.findall(r"bench/(gyrus_\w+)", entry.cmd)
                entry = Entry(entry.doc, entry.cmd, SKIPPED, fallback=bench_fallback(*names))
                self.run_fallback(entry, work, "benchmarks not built (GYRUS_BUILD_BENCHMARKS=OFF)")
                continue
            text = substituted(entry)
            started = time.time()
            printed = self.shell(text, work, f"{doc}:{command.line}: `{text}`")
            sys.stderr.write(f"{doc}:{command.line}: {time.time() - started:.1f} s: {text}\n")
            self.check_outputs(entry, work, started)
            for fragment in entry.prints:
                self.assertIn(fragment, printed, f"{doc}:{command.line}: `{text}` should print this")
            for check in entry.after:
                self.run_check(entry, check, work, "check after")
            if entry.kind == AS_WRITTEN:
                self.check_shown_output(command, printed)
            ran += 1
        self.assertTrue(ran or any(TABLE[(doc, c.text)].kind == LAVA for c in commands),
                        f"{doc}: every command is skipped: drop {method_for(doc)}")

    # -- the table against the docs -----------------------------------------------------------

    def test_every_docs_command_is_in_the_table(self):
        found = {(c.doc, c.text) for doc in DOCUMENTS for c in self.extracted[doc]}
        missing = [f"{doc}: {text}" for doc, text in sorted(found - set(TABLE))]
        stale = [f"{doc}: {text}" for doc, text in sorted(set(TABLE) - found)]
        self.assertEqual({"missing": missing, "stale": stale}, {"missing": [], "stale": []},
                         "missing: docs commands not in COMMANDS (add each: as written, shrunk, or skipped "
                         "with a reason); stale: COMMANDS entries no longer in their document")
        for entry in COMMANDS:
            substituted(entry)
            if entry.kind in (SHRUNK, LAVA):
                self.assertTrue(entry.subs and entry.reason, entry.cmd)
            if entry.kind == SKIPPED:
                self.assertTrue(entry.reason, entry.cmd)
                self.assertFalse(entry.prints or entry.after or entry.outputs, f"skipped, so not run: {entry.cmd}")
            if entry.kind == LAVA:
                self.assertTrue(any("--help" in check.cmd for check in entry.fallback), entry.cmd)
        # Each document with commands to run has its test method, registered with ctest.
        registered = read_text(os.path.join(SOURCE_DIR, "tests", "e2e", "CMakeLists.txt"))
        for doc in DOCUMENTS:
            if any(TABLE[(doc, c.text)].kind != SKIPPED for c in self.extracted[doc]):
                method = method_for(doc)
                self.assertTrue(hasattr(self, method), f"{doc}: add DocsExamples.{method}")
                self.assertIn(method, registered, f"{doc}: register {method} in tests/e2e/CMakeLists.txt")

    def test_docs_flags_are_in_the_help(self):
        helps = HelpTexts(self.env)
        gyrus_global = helps.get([GYRUS, "--help"])
        problems = []
        for doc in DOCUMENTS:
            for command in self.extracted[doc]:
                program, texts = None, {}
                for segment in re.split(r"\s\|\s?", command.text):
                    new = program_of(segment)
                    if new is not None:
                        program = new
                    texts.setdefault(program, []).append(segment)
                for program, segments in texts.items():
                    where = f"{doc}:{command.line}: `{command.text}`"
                    problems += self.check_flags(helps, gyrus_global, program, " | ".join(segments), where)
        self.assertEqual(problems, [], "flags the docs use that the command's --help does not list")

    def check_flags(self, helps, gyrus_global, program, text, where):
        if program in GYRUS_PROGRAMS:
            words = re.findall(r"[^\s\[\]]+", text)[1:]
            paths, problems = [[]], []
            for word in words:
                children = helps.gyrus_subcommands(paths[0])
                names = word.split("|")
                if children and all(name in children for name in names):
                    paths = [path + [name] for path in paths for name in names]
                elif children and paths[0] and not word.startswith("-"):
                    problems.append(f"{where}: `gyrus {' '.join(paths[0])}` has no subcommand {word}")
                    break
            for path in paths:
                sub_help = helps.get([GYRUS, *path, "--help"]) if path else ""
                for flag in flags_of(text):
                    if not has_flag(sub_help, flag) and not has_flag(gyrus_global, flag):
                        problems.append(f"{where}: {flag} is not in `gyrus {' '.join(path)} --help`")
            return problems
        if program in ("gyrus-opt", "gyrus-translate"):
            binary = GYRUS_OPT if program == "gyrus-opt" else GYRUS_TRANSLATE
            help_text = helps.get([binary, "--help-hidden"])
            return [f"{where}: {flag} is not in `{program} --help-hidden`"
                    for flag in flags_of(text)[0:] if not has_flag(help_text, flag)]
        if program and program.startswith("module:gyrus_lava"):
            words = text.split()
            sub = words[words.index("gyrus_lava") + 1]
            env = dict(self.env, PYTHONPATH=os.path.join(SOURCE_DIR, "targets", "lava"))
            help_text = helps.get([PYTHON, "-m", "gyrus_lava", sub, "--help"], env=env)
            return [f"{where}: {flag} is not in `python3 -m gyrus_lava {sub} --help`"
                    for flag in flags_of(text.split("gyrus_lava", 1)[1]) if not has_flag(help_text, flag)]
        if program and re.match(r"^(scripts|bench)/\S+\.py$", program):
            help_text = helps.get([PYTHON, os.path.join(SOURCE_DIR, program), "--help"])
            if "usage:" not in help_text:  # the script stopped early (a missing optional dependency)
                help_text = read_text(os.path.join(SOURCE_DIR, program))
            return [f"{where}: {flag} is not in `{program} --help`"
                    for flag in flags_of(text.split(program, 1)[1]) if not has_flag(help_text, flag)]
        return []  # other programs (bash, cmake, git, the benchmarks) are not gyrus's

    # -- one method per document with commands to run -----------------------------------------

    def test_readme(self):
        self.run_document("README.md")

    def test_analysis(self):
        self.run_document("docs/analysis.md")

    def test_fuzzing(self):
        self.run_document("docs/fuzzing.md")

    def test_ir_reference(self):
        self.run_document("docs/ir-reference.md")

    def test_lava(self):
        self.run_document("docs/lava.md")

    def test_nir(self):
        self.run_document("docs/nir.md")

    def test_quantization(self):
        self.run_document("docs/quantization.md")

    def test_results(self):
        self.run_document("docs/results.md")

    def test_runtime(self):
        self.run_document("docs/runtime.md")

    def test_tasks(self):
        self.run_document("docs/tasks.md")

    def test_training(self):
        self.run_document("docs/training.md")

    def test_user_guide(self):
        self.run_document("docs/user-guide.md")


if __name__ == "__main__":
    unittest.main()
