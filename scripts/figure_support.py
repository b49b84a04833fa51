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


def trace_script_main(doc, figure, import_modules, load, plot):
    """The command line of a script that draws one figure from a `gyrus sim` trace:
    `SCRIPT trace.h5 [--out DIR] [--check]`, where --check only tests the imports."""
    import argparse
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("trace", nargs="?", help="trace.h5 written by gyrus sim --trace")
    parser.add_argument("--out", help=f"directory for {figure} (default: the trace's)")
    parser.add_argument("--check", action="store_true",
                        help="only check that numpy, h5py and matplotlib import")
    args = parser.parse_args()
    import_modules()
    if args.check:
        return
    if not args.trace:
        parser.error("the trace file is required")
    d = load(args.trace)
    out = args.out or os.path.dirname(os.path.abspath(args.trace))
    os.makedirs(out, exist_ok=True)
    plot(d, os.path.join(out, figure))
