"""The Lava network an image stands for, as plain data (no Lava needed).

build_plan() maps a decoded image (gimg.read_image) to processes and
connections; lava_net.py instantiates them and export.py writes them out as a
script. Granularity, and why (docs/lava.md, "Model mapping"):
- one neuron process per *population* (its groups on all cores together;
  population neuron i is process neuron i), one RingBuffer per host input
  port;
- one Dense per (synapse block, source process, target population). gyrus
  sums each block's weight·payload per compartment and floors once by the
  block's weight_exp; Lava's Dense floors its own sum. They agree whenever a
  block has one source process, which is what the compiler emits (one block
  per core and source population). A block fed by several sources with a
  negative exponent onto a flooring model is reported in `warnings`.
"""
import numpy as np

SIGMA_UNITS = ("leaky_sigma_delta", "linear")  # align_to_sigma: an exact left shift
LIF_NO_THRESHOLD = 1 << 17  # vth << 6 = 2^23 exceeds every clipped v: never spikes


class PlanError(Exception):
    pass


def _populations(image):
    """Per population: model, params, bias and compartment of each neuron."""
    pops = [{"name": p["name"], "size": p["size"], "model": None, "params": None,
             "graded": None, "bias": np.zeros(p["size"], dtype=np.int64),
             "where": [None] * p["size"]} for p in image["metadata"]["populations"]]
    where = {}  # (core, compartment) -> (population, neuron)
    for c, core in enumerate(image["cores"]):
        for g in core["groups"]:
            pop = pops[g["population"]]
            if pop["model"] is None:
                pop.update(model=g["model"], params=dict(g["params"]), graded=g["graded"])
            elif (pop["model"], pop["params"]) != (g["model"], g["params"]):
                raise PlanError(f"population '{pop['name']}' has groups with different "
                                "parameters; a Lava process shares one set")
            for k in range(g["count"]):
                neuron = g["offset"] + k
                pop["bias"][neuron] = g["bias"][k]
                pop["where"][neuron] = (c, g["first"] + k)
                where[(c, g["first"] + k)] = (g["population"], neuron)
    placed = [i for i, p in enumerate(pops) if p["model"] is not None]
    for i in placed:
        p = pops[i]
        if None in p["where"]:
            raise PlanError(f"population '{p['name']}' is only partly placed")
        if p["model"] == "cuba_lif" and p["params"]["refractory"] > 1:
            raise PlanError(f"population '{p['name']}': refractory {p['params']['refractory']}"
                            " has no counterpart in Lava's bit-accurate LIF (none at all)")
    return pops, placed, where


def _block_of(core, axon):
    for b, block in enumerate(core["blocks"]):
        if block["first_axon"] <= axon < block["first_axon"] + block["num_axons"]:
            return b, block
    raise PlanError(f"axon {axon} lies in no synapse block")


def build_plan(image):
    pops, placed, where = _populations(image)
    frac_bits = image["metadata"]["frac_bits"]
    neurons = []
    index_of = {}
    for i in placed:
        p = pops[i]
        index_of[i] = len(neurons)
        neurons.append({"name": p["name"], "model": p["model"], "size": p["size"],
                        "params": p["params"], "graded": p["graded"], "bias": p["bias"],
                        "where": p["where"]})
    inputs = [{"name": port["name"], "size": len(port["neurons"]), "graded": port["graded"]}
              for port in image["inputs"]]

    # Sources: ("input", port) or ("neurons", process); per source neuron its axon targets.
    sources = [(("input", p), port["neurons"]) for p, port in enumerate(image["inputs"])]
    for i in placed:
        rows = [image["cores"][c]["axons"][comp] if comp < len(image["cores"][c]["axons"])
                else [] for c, comp in pops[i]["where"]]
        sources.append((("neurons", index_of[i]), rows))

    dense = {}  # (source, core, block, target process) -> connection
    for source, rows in sources:
        size = len(rows)
        graded = (inputs[source[1]]["graded"] if source[0] == "input"
                  else neurons[source[1]]["graded"])
        for j, row in enumerate(rows):
            for core_index, axon in row:
                core = image["cores"][core_index]
                b, block = _block_of(core, axon)
                a = axon - block["first_axon"]
                for s in range(block["indptr"][a], block["indptr"][a + 1]):
                    pop, i = where[(core_index, block["compartments"][s])]
                    target = index_of[pop]
                    key = (source, core_index, b, target)
                    if key not in dense:
                        model = neurons[target]["model"]
                        shift = block["weight_exp"]
                        if model in SIGMA_UNITS:
                            shift += neurons[target]["params"]["sigma_frac_bits"]
                        dense[key] = {
                            "name": f"{_source_name(source, inputs, neurons)}_to_"
                                    f"{neurons[target]['name']}_c{core_index}b{b}",
                            "source": source, "target": target, "core": core_index,
                            "block": b, "weight_exp": shift, "graded": graded,
                            "weights": np.zeros((neurons[target]["size"], size), np.int64),
                            "delays": np.zeros((neurons[target]["size"], size), np.int64),
                            "seen": np.zeros((neurons[target]["size"], size), bool)}
                    d = dense[key]
                    delay = block["delays"][s]
                    if d["seen"][i, j] and d["delays"][i, j] != delay:
                        raise PlanError(f"{d['name']}: two synapses of one axon reach neuron "
                                        f"{i} with different delays; Dense holds one")
                    d["weights"][i, j] += block["weights"][s]
                    d["delays"][i, j] = delay
                    d["seen"][i, j] = True

    connections, warnings = [], []
    per_block = {}
    for key in sorted(dense, key=lambda k: (k[1], k[2], k[3], k[0])):
        d = dense.pop(key)
        del d["seen"]
        w = d["weights"]
        if np.any(np.abs(w) > 255) or np.any(w < -256):
            raise PlanError(f"{d['name']}: a weight outside Lava's 8-bit range")
        d["sign_mode"] = ("excitatory" if w.min() >= 0 else
                          "inhibitory" if w.max() <= 0 else "mixed")
        if d["sign_mode"] == "mixed":
            # Loihi's mixed-sign weight is 8 bits with the sign: a 7-bit magnitude that
            # counts in units of 2 (Lava drops the low bit). gyrus's mixed mantissa m
            # (|m| <= 127) times 2^e is therefore Lava's weight 2m with exponent e - 1:
            # the same integer sum, and the same floor after the shift.
            if np.any(np.abs(w) > 127):
                raise PlanError(f"{d['name']}: a mixed-sign weight outside ±127")
            d["weights"] = 2 * w
            d["weight_exp"] -= 1
        if not d["delays"].any():
            d["delays"] = None
        connections.append(d)
        per_block.setdefault((d["core"], d["block"], d["target"]), []).append(d)
    for (core, block, target), ds in per_block.items():
        floors = neurons[target]["model"] not in SIGMA_UNITS and ds[0]["weight_exp"] < 0
        if floors and len(ds) > 1:
            warnings.append(f"core {core}, block {block}: {len(ds)} source processes share a "
                            "negative weight_exp; Lava floors each Dense separately, gyrus "
                            "floors their sum, so results may differ by rounding")
        if floors and any(d["delays"] is not None for d in ds):
            warnings.append(f"core {core}, block {block}: delays with a negative weight_exp; "
                            "DelayDense floors per send step, gyrus per arrival step")

    outputs = [{"name": port["name"],
                "neurons": [(index_of[where[(c, comp)][0]], where[(c, comp)][1])
                            for c, comp in port["neurons"]]} for port in image["outputs"]]
    return {"network": image["metadata"]["network_name"], "target": image["target"]["name"],
            "frac_bits": frac_bits, "neurons": neurons, "inputs": inputs,
            "connections": connections, "outputs": outputs, "warnings": warnings}


def _source_name(source, inputs, neurons):
    kind, index = source
    return ("in_" + inputs[index]["name"]) if kind == "input" else neurons[index]["name"]


STATE_FIELDS = {  # runtime/ref's state structs, in declaration order (state_fields())
    "cuba_lif": ("u", "v", "refractory_left"),
    "sigma_delta": ("sigma", "act", "residue"),
    "leaky_sigma_delta": ("sigma", "h", "h_sent"),
    "linear": ("sigma",),
}
