#!/usr/bin/python3
"""Read a gyrus deployment image (.gimg) from its spec alone and summarise it.

An independent reader of docs/image-format.md: it uses only the standard
library (struct, zlib's CRC-32, json), so that it cross-checks the spec
against the C++ writer. It checks the magic, version, header and section
CRCs, the section layout and the target hash, decodes every section, and
prints a summary:

    scripts/read_gimg.py model.gimg          # human-readable
    scripts/read_gimg.py --json model.gimg   # the summary as JSON

Exits 1 with a message if the image does not follow the spec. It does not
repeat the C++ loader's range and index validation.
"""
import argparse
import json
import os
import struct
import sys

# The parser lives in the Lava bridge's package (standard library only), which
# also builds Lava networks from images; this script prints its summary.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "targets", "lava"))
from gyrus_lava.gimg import SpecError, read_image  # noqa: E402


def summary(image):
    cores = []
    for core in image["cores"]:
        groups = core["groups"]
        blocks = core["blocks"]
        cores.append({
            "coord": core["coord"],
            "compartments": groups[-1]["first"] + groups[-1]["count"] if groups else 0,
            "in_axons": blocks[-1]["first_axon"] + blocks[-1]["num_axons"] if blocks else 0,
            "synapses": sum(len(b["weights"]) for b in blocks),
            "out_axons": sum(len(row) for row in core["axons"]),
            "groups": [{"model": g["model"], "first": g["first"], "count": g["count"],
                        "population": image["metadata"]["populations"][g["population"]]["name"]
                        if g["population"] < len(image["metadata"]["populations"]) else None,
                        "offset": g["offset"]} for g in groups],
        })
    return {
        "target": {"name": image["target"]["name"], "hash": image["target_hash"]},
        "metadata": image["metadata"],
        "cores": cores,
        "routes": len(image["routes"]),
        "inputs": [{"name": i["name"], "graded": i["graded"], "neurons": len(i["neurons"])}
                   for i in image["inputs"]],
        "outputs": [{"name": o["name"], "neurons": len(o["neurons"])} for o in image["outputs"]],
    }


def print_summary(s):
    m = s["metadata"]
    print(f"network {m['network_name']!r} for target {s['target']['name']} "
          f"(hash {s['target']['hash']:016x})")
    print(f"  compiler {m['compiler_version']!r}, strategy {m['strategy']!r}, "
          f"source {m['source_hash']!r}")
    print(f"  {len(s['cores'])} cores, {s['routes']} routes")
    for index, core in enumerate(s["cores"]):
        models = ", ".join(f"{g['model']}[{g['first']}:{g['first'] + g['count']}]"
                           for g in core["groups"])
        print(f"  core {index} at {core['coord']}: {core['compartments']} compartments "
              f"({models}), {core['in_axons']} in axons, {core['synapses']} synapses, "
              f"{core['out_axons']} out axons")
    for port in s["inputs"]:
        print(f"  input {port['name']!r}: {port['neurons']} neurons")
    for port in s["outputs"]:
        print(f"  output {port['name']!r}: {port['neurons']} neurons")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    with open(args.image, "rb") as file:
        data = file.read()
    try:
        s = summary(read_image(data))
    except (SpecError, struct.error, UnicodeDecodeError, ValueError, KeyError) as error:
        print(f"{args.image}: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(s, indent=1))
    else:
        print_summary(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
