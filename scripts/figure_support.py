"""What every gyrus figure script shares: importing the plotting stack with a clear error
when part of it is missing, and writing PNGs atomically. The scripts run as
`python3 scripts/plot_*.py`, so this module is importable from their directory."""
import importlib
import os
import sys


def import_plotting(script, need_h5py=True):
    """numpy, matplotlib.pyplot (Agg backend) and, if asked, h5py; or exit naming what is
    missing, so `--check` fails before gyrus writes anything."""
    missing, modules = [], {}
    for name in ["numpy", "h5py", "matplotlib"] if need_h5py else ["numpy", "matplotlib"]:
        try:
            modules[name] = importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        sys.exit(f"{script}: error: {', '.join(missing)} not installed for {sys.executable} "
                 "(install them, or point GYRUS_PYTHON at a Python that has them)")
    modules["matplotlib"].use("Agg")
    import matplotlib.pyplot as plt
    return modules["numpy"], plt, modules.get("h5py")


def save_figure(fig, path, dpi, tight=True):
    """Write-then-rename, so a failed run never leaves half a PNG behind."""
    import matplotlib.pyplot as plt
    if tight:
        fig.tight_layout()
    tmp = f"{path}.tmp.{os.getpid()}.png"
    try:
        fig.savefig(tmp, dpi=dpi)
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
