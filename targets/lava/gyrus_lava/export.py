"""`python3 -m gyrus_lava export IMAGE --out net.py`: a standalone Lava script.

The script builds the same network lava_net.py does, one statement per process
and connection, so it can be read and edited without gyrus. It carries its own
copy of the compatibility shim and of the two custom processes (this package's
compat.py and processes.py, inlined), needs only numpy and Lava, runs the
network for a number of steps on zero host input, and prints the outputs.
"""
import os

import numpy as np

from .lava_net import num_weight_bits
from .network import LIF_NO_THRESHOLD

SIGN = {"excitatory": "EXCITATORY", "inhibitory": "INHIBITORY", "mixed": "MIXED"}


def _array(a):
    return "np.array(" + np.array2string(np.asarray(a), separator=", ", threshold=1 << 30,
                                         max_line_width=100) + ")"


def _body(name):
    # Read as text, not imported: exporting needs no Lava.
    with open(os.path.join(os.path.dirname(__file__), name + ".py")) as file:
        source = file.read()
    return source.split('"""', 2)[2] if source.lstrip().startswith('"""') else source


def write_script(plan, image_path):
    out = [f'"""Lava network of gyrus image {image_path} (network {plan["network"]!r}, target '
           f'{plan["target"]}).\n\nWritten by `python3 -m gyrus_lava export`; docs/lava.md '
           'explains the mapping and timing.\n"""',
           "# --- compatibility shim (gyrus_lava/compat.py) ---", _body("compat"),
           "import_lava()",
           "# --- gyrus's custom processes (gyrus_lava/processes.py) ---", _body("processes"),
           "# --- the network ---",
           "import sys",
           "from lava.magma.core.run_conditions import RunSteps",
           "from lava.magma.core.run_configs import Loihi2SimCfg",
           "from lava.proc.dense.process import Dense, DelayDense",
           "from lava.proc.io.sink import RingBuffer as Sink",
           "from lava.proc.io.source import RingBuffer as Source",
           "from lava.proc.lif.process import LIF",
           "from lava.proc.sdn.models import ActivationMode",
           "from lava.proc.sdn.process import SigmaDelta",
           "from lava.utils.weightutils import SignMode",
           "",
           "STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 100",
           "# Host input: column t - 1 is sent in Lava step t (gyrus step t - 1); zeros here.",
           ]
    for i, port in enumerate(plan["inputs"]):
        out.append(f"in{i} = Source(data=np.zeros(({port['size']}, STEPS), np.int32))"
                   f"  # input {port['name']!r}")
    for i, n in enumerate(plan["neurons"]):
        p, shape = n["params"], f"({n['size']},)"
        bias = _array(n["bias"])
        if n["model"] == "cuba_lif":
            vth = LIF_NO_THRESHOLD if p["vth_mant"] < 0 else p["vth_mant"]
            out.append(f"n{i} = LIF(shape={shape}, du={p['du']}, dv={p['dv']}, vth={vth}, "
                       f"bias_mant={bias}, bias_exp={p['bias_exp']}, name={n['name']!r})")
        elif n["model"] == "sigma_delta":
            act = "RELU" if p["activation"] == 0 else "UNIT"
            out.append(f"n{i} = SigmaDelta(shape={shape}, vth=0, bias=0, "
                       f"act_mode=ActivationMode.{act}, state_exp={p['state_exp']}, "
                       f"name={n['name']!r})")
            out.append(f"n{i}.vth.init = np.array([{p['vth']}])  # already scaled by 2^state_exp")
            out.append(f"n{i}.bias.init = {bias}")
        elif n["model"] == "leaky_sigma_delta":
            out.append(f"n{i} = LeakySigmaDelta(shape={shape}, alpha_q={p['alpha_q']}, "
                       f"vth={p['vth']}, sigma_frac_bits={p['sigma_frac_bits']}, bias={bias}, "
                       f"name={n['name']!r})")
        else:
            out.append(f"n{i} = LinearReadout(shape={shape}, "
                       f"sigma_frac_bits={p['sigma_frac_bits']}, bias={bias}, "
                       f"name={n['name']!r})")
    port = (lambda i: f"n{i}.y_out" if plan["neurons"][i]["model"] == "linear"
            else f"n{i}.s_out")
    for k, c in enumerate(plan["connections"]):
        kind, index = c["source"]
        source = f"in{index}.s_out" if kind == "input" else port(index)
        cls = "Dense" if c["delays"] is None else "DelayDense"
        delays = "" if c["delays"] is None else f"delays={_array(c['delays'])}, "
        out.append(f"# {c['name']}: synapse block {c['block']} of core {c['core']}")
        out.append(f"d{k} = {cls}(weights={_array(c['weights'])}, {delays}"
                   f"weight_exp={c['weight_exp']}, "
                   f"num_weight_bits={num_weight_bits(c['sign_mode'])}, "
                   f"sign_mode=SignMode.{SIGN[c['sign_mode']]}, "
                   f"num_message_bits={24 if c['graded'] else 0}, name={c['name']!r})")
        out.append(f"{source}.connect(d{k}.s_in)")
        out.append(f"d{k}.a_out.connect(n{c['target']}.a_in)")
    sinks = sorted({proc for o in plan["outputs"] for proc, _ in o["neurons"]})
    for proc in sinks:
        out.append(f"sink{proc} = Sink(shape=({plan['neurons'][proc]['size']},), buffer=STEPS)")
        out.append(f"{port(proc)}.connect(sink{proc}.a_in)")
    root = "n0" if plan["neurons"] else "in0"
    out += ["",
            f"{root}.run(condition=RunSteps(STEPS), run_cfg=Loihi2SimCfg(select_tag='fixed_pt'))"]
    for o in plan["outputs"]:
        cols = ", ".join(f"sink{proc}.data.get()[{i}]" for proc, i in o["neurons"][:8])
        more = " (first 8 neurons)" if len(o["neurons"]) > 8 else ""
        out.append(f"print({o['name'] + more!r}, np.array([{cols}]).astype(int).T.tolist())")
    out.append(f"{root}.stop()")
    return "\n".join(out) + "\n"
