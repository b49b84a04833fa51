"""gyrus's two models Lava does not have, as small Lava processes.

LeakySigmaDelta and LinearReadout implement exactly the integer equations of
docs/neuron-models.md (runtime/ref/leaky_sigma_delta.cpp, linear_readout.cpp)
in a fixed-point PyLoihiProcessModel. Their input a_in arrives already in
sigma's units: the bridge gives the Dense in front of them the exponent
weight_exp + sigma_frac_bits (>= 0, so Dense's shift is an exact left shift,
runtime/ref's align_to_sigma). State is int64, as in runtime/ref, so sigma
never wraps. Import this module only after compat.import_lava().
"""
import numpy as np
from lava.magma.core.decorator import implements, requires, tag
from lava.magma.core.model.py.model import PyLoihiProcessModel
from lava.magma.core.model.py.ports import PyInPort, PyOutPort
from lava.magma.core.model.py.type import LavaPyType
from lava.magma.core.process.ports.ports import InPort, OutPort
from lava.magma.core.process.process import AbstractProcess
from lava.magma.core.process.variable import Var
from lava.magma.core.resources import CPU
from lava.magma.core.sync.protocols.loihi_protocol import LoihiProtocol

STATE_MAX = (1 << 23) - 1
ALPHA_SHIFT = 12


class LeakySigmaDelta(AbstractProcess):
    """h <- h + round(alpha_q/4096 · (relu(sigma >> f + bias) - h)); sends h's change."""

    def __init__(self, *, shape, alpha_q, vth, sigma_frac_bits, bias=0, name=None):
        super().__init__(shape=shape, name=name)
        self.a_in = InPort(shape=shape)
        self.s_out = OutPort(shape=shape)
        self.alpha_q = Var(shape=(1,), init=alpha_q)
        self.vth = Var(shape=(1,), init=vth)
        self.sigma_frac_bits = Var(shape=(1,), init=sigma_frac_bits)
        self.bias = Var(shape=shape, init=bias)
        self.sigma = Var(shape=shape, init=0)
        self.h = Var(shape=shape, init=0)
        self.h_sent = Var(shape=shape, init=0)


class LinearReadout(AbstractProcess):
    """y = (sigma >> f) + bias; sends y every step on y_out (the host's readout)."""

    def __init__(self, *, shape, sigma_frac_bits, bias=0, name=None):
        super().__init__(shape=shape, name=name)
        self.a_in = InPort(shape=shape)
        self.y_out = OutPort(shape=shape)
        self.sigma_frac_bits = Var(shape=(1,), init=sigma_frac_bits)
        self.bias = Var(shape=shape, init=bias)
        self.sigma = Var(shape=shape, init=0)
        self.y = Var(shape=shape, init=0)


@implements(proc=LeakySigmaDelta, protocol=LoihiProtocol)
@requires(CPU)
@tag("fixed_pt")
class PyLeakySigmaDeltaModelFixed(PyLoihiProcessModel):
    a_in: PyInPort = LavaPyType(PyInPort.VEC_DENSE, np.int32, precision=32)
    s_out: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, np.int32, precision=24)
    alpha_q: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=13)
    vth: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=24)
    sigma_frac_bits: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=6)
    bias: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=32)
    sigma: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=64)
    h: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=24)
    h_sent: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=24)

    def run_spk(self):
        self.sigma = self.sigma + self.a_in.recv().astype(np.int64)
        z = np.right_shift(self.sigma, int(self.sigma_frac_bits.item())) + self.bias
        act = np.clip(z, 0, STATE_MAX)
        half = 1 << (ALPHA_SHIFT - 1)
        self.h = self.h + np.right_shift(int(self.alpha_q.item()) * (act - self.h) + half,
                                         ALPHA_SHIFT)
        delta = self.h - self.h_sent
        send = (delta != 0) & (np.abs(delta) >= int(self.vth.item()))
        self.h_sent = np.where(send, self.h, self.h_sent)
        self.s_out.send(np.where(send, delta, 0))


@implements(proc=LinearReadout, protocol=LoihiProtocol)
@requires(CPU)
@tag("fixed_pt")
class PyLinearReadoutModelFixed(PyLoihiProcessModel):
    a_in: PyInPort = LavaPyType(PyInPort.VEC_DENSE, np.int32, precision=32)
    y_out: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, np.int32, precision=32)
    sigma_frac_bits: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=6)
    bias: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=32)
    sigma: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=64)
    y: np.ndarray = LavaPyType(np.ndarray, np.int64, precision=32)

    def run_spk(self):
        self.sigma = self.sigma + self.a_in.recv().astype(np.int64)
        self.y = np.right_shift(self.sigma, int(self.sigma_frac_bits.item())) + self.bias
        self.y_out.send(self.y)
