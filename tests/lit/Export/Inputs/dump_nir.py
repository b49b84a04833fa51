"""Prints every dataset of an HDF5 (NIR) file as `path dtype shape values...`, the
values flattened (row-major) and space-separated, strings with their encoding, so that
FileCheck can check the layout an exporter wrote."""
import sys

import h5py
import numpy as np


def show(name, obj):
    if not isinstance(obj, h5py.Dataset):
        return
    info = h5py.check_string_dtype(obj.dtype)
    if info is not None:
        kind = "str-%s-%s" % (info.encoding, "vlen" if info.length is None else info.length)
        values = [b.decode(info.encoding) for b in np.ravel(obj[()])]
    else:
        kind = str(obj.dtype)
        values = [str(v) for v in np.round(np.ravel(obj[()]), 6)] if obj.size <= 8 else ["..."]
    print(name, kind, list(obj.shape), " ".join(values))


with h5py.File(sys.argv[1], "r") as f:
    f.visititems(show)
