"""A plan (network.build_plan) as a live Lava network, run in chunks.

Timing (docs/lava.md, "Timing"): Lava's step t (from 1) is gyrus's step
t - 1. A source RingBuffer sends column (t - 1) mod B in step t, so column
(t0 + k) mod B holds gyrus step t0 + k's host input; Dense sends the previous
step's sum, so that input reaches the neurons in gyrus step t0 + k + 1, as in
gyrus. Sink RingBuffers store what they receive in step t in column
(t - 1) mod B: gyrus step t - 1's outputs. Chunks of at most B steps
therefore reuse the buffers without ever rebuilding the network.
"""
import warnings

import numpy as np

from . import compat
from .network import LIF_NO_THRESHOLD, STATE_FIELDS


def _lava():
    # Lava is imported here, not at module level, so that a missing Lava is reported by
    # the caller; the names go back to it through locals().
    compat.import_lava()
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg
    from lava.proc.dense.models import PyDelayDenseModelBitAcc, PyDenseModelBitAcc
    from lava.proc.dense.process import DelayDense, Dense
    from lava.proc.io.sink import PyReceiveModelFixed, RingBuffer as Sink
    from lava.proc.io.source import PySendModelFixed, RingBuffer as Source
    from lava.proc.lif.models import PyLifModelBitAcc
    from lava.proc.lif.process import LIF
    from lava.proc.sdn.models import ActivationMode, PySigmaDeltaModelFixed
    from lava.proc.sdn.process import SigmaDelta
    from lava.utils.weightutils import SignMode
    from . import processes
    return dict(**locals())


def sign_mode(lava, name):
    return {"excitatory": lava["SignMode"].EXCITATORY, "inhibitory": lava["SignMode"].INHIBITORY,
            "mixed": lava["SignMode"].MIXED}[name]


def num_weight_bits(mode):
    # Lava keeps 8 - num_weight_bits + mixed fewer low bits; with 8 it drops only the
    # mixed-sign low bit, which the plan's doubled mixed weights do not use.
    return 8


class LavaNetwork:
    def __init__(self, plan, capacity):
        self.plan, self.capacity, self.steps_run = plan, capacity, 0
        lava = self.lava = _lava()
        self.neurons = [self._neuron_process(n) for n in plan["neurons"]]
        self.sources = [lava["Source"](data=np.zeros((port["size"], capacity), np.int32))
                        for port in plan["inputs"]]
        for c in plan["connections"]:
            self._connect(c)
        self.sinks = {}
        for port in plan["outputs"]:
            for proc, _ in port["neurons"]:
                if proc not in self.sinks:
                    sink = lava["Sink"](shape=(plan["neurons"][proc]["size"],), buffer=capacity)
                    self._out_port(proc).connect(sink.a_in)
                    self.sinks[proc] = sink
        self.root = self.neurons[0] if self.neurons else self.sources[0]
        self.run_cfg = lava["Loihi2SimCfg"](select_tag="fixed_pt", exception_proc_model_map={
            lava["LIF"]: lava["PyLifModelBitAcc"], lava["Dense"]: lava["PyDenseModelBitAcc"],
            lava["DelayDense"]: lava["PyDelayDenseModelBitAcc"],
            lava["SigmaDelta"]: lava["PySigmaDeltaModelFixed"],
            lava["Source"]: lava["PySendModelFixed"], lava["Sink"]: lava["PyReceiveModelFixed"],
            lava["processes"].LeakySigmaDelta: lava["processes"].PyLeakySigmaDeltaModelFixed,
            lava["processes"].LinearReadout: lava["processes"].PyLinearReadoutModelFixed})

    def _neuron_process(self, n):
        lava, p, shape, bias = self.lava, n["params"], (n["size"],), n["bias"]
        if n["model"] == "cuba_lif":
            vth = LIF_NO_THRESHOLD if p["vth_mant"] < 0 else p["vth_mant"]
            return lava["LIF"](shape=shape, du=p["du"], dv=p["dv"], vth=vth, bias_mant=bias,
                               bias_exp=np.full(shape, p["bias_exp"]), name=n["name"])
        if n["model"] == "sigma_delta":
            act = lava["ActivationMode"].RELU if p["activation"] == 0 else lava[
                "ActivationMode"].UNIT
            proc = lava["SigmaDelta"](shape=shape, vth=0, bias=0, act_mode=act,
                                      state_exp=p["state_exp"], name=n["name"])
            # The process would multiply vth and bias by 2^state_exp; the image holds
            # them already scaled (docs/neuron-models.md), so set the Vars directly.
            proc.vth.init = np.array([p["vth"]])
            proc.bias.init = np.array(bias)
            return proc
        if n["model"] == "leaky_sigma_delta":
            return lava["processes"].LeakySigmaDelta(
                shape=shape, alpha_q=p["alpha_q"], vth=p["vth"],
                sigma_frac_bits=p["sigma_frac_bits"], bias=bias, name=n["name"])
        return lava["processes"].LinearReadout(shape=shape, sigma_frac_bits=p["sigma_frac_bits"],
                                               bias=bias, name=n["name"])

    def _out_port(self, proc):
        process = self.neurons[proc]
        return process.y_out if self.plan["neurons"][proc]["model"] == "linear" else process.s_out

    def _connect(self, c):
        lava = self.lava
        mode = c["sign_mode"]
        kwargs = dict(weights=c["weights"], weight_exp=c["weight_exp"],
                      num_weight_bits=num_weight_bits(mode), sign_mode=sign_mode(lava, mode),
                      num_message_bits=24 if c["graded"] else 0, name=c["name"])
        if c["delays"] is None:
            dense = lava["Dense"](**kwargs)
        else:
            dense = lava["DelayDense"](delays=c["delays"], **kwargs)
        kind, index = c["source"]
        source = self.sources[index].s_out if kind == "input" else self._out_port(index)
        source.connect(dense.s_in)
        dense.a_out.connect(self.neurons[c["target"]].a_in)

    def run(self, inputs, record_state):
        """inputs: per port, K rows (K <= capacity). Returns (outputs per port as K rows,
        states [(core, compartment, fields)] after the last step or [])."""
        steps = len(inputs[0]) if inputs else None
        if steps is None:
            raise ValueError("no input ports: give the step count with an empty port list")
        return self.run_steps(steps, inputs, record_state)

    def run_steps(self, steps, inputs, record_state):
        if steps > self.capacity:
            raise ValueError(f"{steps} steps exceed the chunk capacity {self.capacity}")
        columns = [(self.steps_run + k) % self.capacity for k in range(steps)]
        for source, rows in zip(self.sources, inputs):
            data = np.zeros((source.s_out.shape[0], self.capacity), np.int32)
            for k, row in enumerate(rows):
                data[:, columns[k]] = row
            if self.steps_run == 0:  # no runtime yet: the Var's initial value
                source.data.init = data
            else:
                source.data.set(data)
        with warnings.catch_warnings():
            # Lava scans this package for process models although the exception map
            # names them all; its "cannot import module" warnings are noise.
            warnings.filterwarnings("ignore", message="Cannot import module")
            self.root.run(condition=self.lava["RunSteps"](steps), run_cfg=self.run_cfg)
        self.steps_run += steps
        data = {proc: sink.data.get().astype(np.int64) for proc, sink in self.sinks.items()}
        outputs = [[[int(data[proc][i, col]) for proc, i in port["neurons"]] for col in columns]
                   for port in self.plan["outputs"]]
        return outputs, (self.states() if record_state else [])

    def states(self):
        states = []
        for n, process in zip(self.plan["neurons"], self.neurons):
            fields = []
            for name in STATE_FIELDS[n["model"]]:
                if name == "refractory_left":  # Lava's LIF has none: always 0
                    fields.append(np.zeros(n["size"], np.int64))
                else:
                    fields.append(getattr(process, name).get().astype(np.int64))
            for i, (core, compartment) in enumerate(n["where"]):
                states.append((core, compartment, [int(f[i]) for f in fields]))
        return sorted(states)

    def stop(self):
        if self.steps_run:
            self.root.stop()
