"""Import Lava on Pythons it does not declare support for.

Lava 0.10 declares Python < 3.11. On 3.11 and later one module fails at
import: lava/magma/compiler/var_model.py gives dataclass fields a default that
is itself a dataclass instance (`x: ByteEncoder = ByteEncoder()`). Python 3.11
rejects any default whose class is unhashable ("mutable default ... use
default_factory"); 3.10 accepted it and shared one instance between all
objects.

The shim never modifies Lava's files. While that one module is first imported,
and only on Python >= 3.11, `dataclasses.dataclass` is wrapped: a class-level
default that is an unhashable dataclass *instance* (exactly the case 3.11
refuses) becomes `field(default_factory=...)` returning a deep copy of it.
Every other class is passed through untouched, so where Lava imports cleanly
(Python < 3.11, or a Lava that fixed the fields) the wrapper changes nothing.
Each object now gets its own copy of the default instead of sharing one; Lava
only reads these encoders, so the behaviour is the same.
"""
import contextlib
import copy
import dataclasses
import functools
import importlib
import sys

AFFECTED_MODULE = "lava.magma.compiler.var_model"


def _is_refused_default(value):
    return (dataclasses.is_dataclass(value) and not isinstance(value, type)
            and type(value).__hash__ is None)


def _wrap_dataclass(real):
    @functools.wraps(real)
    def dataclass(cls=None, /, **kwargs):
        def wrap(klass):
            for name in klass.__dict__.get("__annotations__", {}):
                value = klass.__dict__.get(name)
                if _is_refused_default(value):
                    setattr(klass, name, dataclasses.field(
                        default_factory=functools.partial(copy.deepcopy, value)))
            return real(klass, **kwargs)
        return wrap if cls is None else wrap(cls)
    return dataclass


@contextlib.contextmanager
def _patched_dataclass():
    real = dataclasses.dataclass
    dataclasses.dataclass = _wrap_dataclass(real)
    try:
        yield
    finally:
        dataclasses.dataclass = real


def needs_shim(version=None):
    return (version or sys.version_info) >= (3, 11)


def import_lava():
    """Imports Lava's core with the shim where needed; raises ImportError."""
    if needs_shim() and AFFECTED_MODULE not in sys.modules:
        with _patched_dataclass():
            importlib.import_module(AFFECTED_MODULE)
    importlib.import_module("lava.magma.core.run_configs")
