"""The bridge's server: the protocol (protocol.py) on stdin and stdout.

gyrus spawns `python3 -m gyrus_lava serve` and drives it. Nothing else may
write to stdout, so Lava's own prints are sent to stderr while it runs.
"""
import contextlib
import os
import sys
import traceback

from . import gimg, protocol

LAVA_MISSING = ("cannot import Lava ({error}) with {python}. Point gyrus at an installation: "
                "GYRUS_LAVA_PATH=/path/to/lava/src (the directory holding the 'lava' package), "
                "or --python / GYRUS_LAVA_PYTHON for an interpreter that has Lava installed")


def lava_missing_message(error):
    return LAVA_MISSING.format(error=error, python=sys.executable)


def _lava_info():
    from . import compat
    compat.import_lava()
    import lava
    package = os.path.dirname(lava.__file__) if lava.__file__ else next(iter(lava.__path__))
    where = os.path.dirname(package)
    shim = "with the Python 3.11 import shim" if compat.needs_shim() else "no shim needed"
    return f"Lava from {where}, Python {sys.version.split()[0]}, {shim}"


def serve(stdin, stdout):
    network = None
    try:
        frame = protocol.read_frame(stdin)
        if frame is None:
            return 0
        kind, payload = frame
        if kind != protocol.HELLO:
            raise protocol.ProtocolError(f"expected hello, got {protocol.NAMES[kind]}")
        protocol.decode_hello(payload)
        try:
            info = _lava_info()
        except ImportError as error:
            protocol.write_frame(stdout, protocol.ERROR,
                                 protocol.encode_string(lava_missing_message(error)))
            return 1
        protocol.write_frame(stdout, protocol.HELLO, protocol.encode_hello(info))
        record = False
        while True:
            frame = protocol.read_frame(stdin)
            if frame is None:
                return 0
            kind, payload = frame
            if kind == protocol.BYE:
                protocol.write_frame(stdout, protocol.BYE)
                return 0
            if kind == protocol.LOAD:
                path, flags, capacity = protocol.decode_load(payload)
                from .network import build_plan  # numpy: only once an image comes
                plan = build_plan(gimg.load(path))
                from .lava_net import LavaNetwork
                network = LavaNetwork(plan, capacity)
                record = bool(flags & protocol.LOAD_RECORD_STATE)
                summary = (f"{len(plan['neurons'])} neuron processes, "
                           f"{len(plan['connections'])} Dense")
                text = "\n".join([summary] + plan["warnings"])
                protocol.write_frame(stdout, protocol.LOADED, protocol.encode_string(text))
            elif kind == protocol.INPUTS:
                if network is None:
                    raise protocol.ProtocolError("inputs before load")
                steps, ports = protocol.decode_inputs(payload)
                with contextlib.redirect_stdout(sys.stderr):
                    outputs, states = network.run_steps(steps, ports, record)
                protocol.write_frame(stdout, protocol.OUTPUTS,
                                     protocol.encode_outputs(steps, outputs, states))
            else:
                raise protocol.ProtocolError(f"unexpected {protocol.NAMES[kind]} frame")
    except Exception as error:  # every failure reaches gyrus as one ERROR frame
        traceback.print_exc(file=sys.stderr)
        message = f"{type(error).__name__}: {error}" if not isinstance(
            error, (protocol.ProtocolError, gimg.SpecError)) else str(error)
        try:
            protocol.write_frame(stdout, protocol.ERROR, protocol.encode_string(message))
        except OSError:
            pass
        return 1
    finally:
        if network is not None:
            with contextlib.redirect_stdout(sys.stderr):
                network.stop()
