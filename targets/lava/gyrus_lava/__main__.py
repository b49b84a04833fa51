"""python3 -m gyrus_lava {serve | run IMAGE | export IMAGE --out net.py | check}."""
import argparse
import json
import sys

from . import gimg


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gyrus_lava", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="speak the bridge protocol on stdin/stdout (gyrus lava ...)")
    sub.add_parser("check", help="import Lava (with the compatibility shim) and say where from")
    run = sub.add_parser("run", help="run an image in Lava on zero or JSON inputs")
    run.add_argument("image")
    run.add_argument("--steps", type=int, required=True)
    run.add_argument("--input", help="JSON: per input port name, a list of steps of values")
    export = sub.add_parser("export", help="write a standalone Lava script for an image")
    export.add_argument("image")
    export.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    if args.command == "serve":
        from .server import serve
        return serve(sys.stdin.buffer, sys.stdout.buffer)
    if args.command == "check":
        from .server import _lava_info, lava_missing_message
        try:
            print(_lava_info())
        except ImportError as error:
            print(lava_missing_message(error), file=sys.stderr)
            return 1
        return 0
    from .network import build_plan  # numpy; `serve` imports it only once an image comes
    try:
        plan = build_plan(gimg.load(args.image))
    except (OSError, gimg.SpecError, ValueError) as error:
        print(f"{args.image}: {error}", file=sys.stderr)
        return 1
    for warning in plan["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if args.command == "export":
        from .export import write_script
        with open(args.out, "w") as file:
            file.write(write_script(plan, args.image))
        return 0
    given = json.load(open(args.input)) if args.input else {}
    inputs = [[(given.get(p["name"]) or [])[k] if k < len(given.get(p["name"]) or []) else
               [0] * p["size"] for k in range(args.steps)] for p in plan["inputs"]]
    from .lava_net import LavaNetwork
    net = LavaNetwork(plan, max(args.steps, 1))
    try:
        outputs, _ = net.run_steps(args.steps, inputs, False)
    finally:
        net.stop()
    print(json.dumps({p["name"]: rows for p, rows in zip(plan["outputs"], outputs)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
