"""Read a gyrus deployment image (.gimg) from docs/image-format.md alone.

An independent reader of the spec: it uses only the standard library
(struct, zlib's CRC-32, json), so that it cross-checks the spec against the
C++ writer. It checks the magic, version, header and section CRCs, the
section layout and the target hash, and decodes every section. It does not
repeat the C++ loader's range and index validation. scripts/read_gimg.py
(the summary tool) and the Lava bridge both use it.
"""
import json
import struct
import zlib

MAGIC = b"GIMG\r\n\x1a\n"
VERSION = 1
HEADER_SIZE = 64
ENTRY_SIZE = 24
SECTIONS = ["chip", "metadata", "cores", "synapses", "axons", "routes", "inputs", "outputs"]
MODELS = {1: "cuba_lif", 2: "sigma_delta", 3: "leaky_sigma_delta", 4: "linear"}
MODEL_PARAMS = {
    1: ["du", "dv", "vth_mant", "bias_exp", "refractory"],
    2: ["vth", "state_exp", "activation"],
    3: ["alpha_q", "vth", "sigma_frac_bits"],
    4: ["sigma_frac_bits"],
}


class SpecError(Exception):
    pass


def fnv1a_64(data):
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


class Reader:
    """Little-endian fields from one section, never past its end."""

    def __init__(self, data, name):
        self.data, self.name, self.pos = data, name, 0

    def take(self, fmt):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise SpecError(f"section '{self.name}': truncated at offset {self.pos}")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values

    def u8(self):
        return self.take("<B")[0]

    def u32(self):
        return self.take("<I")[0]

    def i32(self):
        return self.take("<i")[0]

    def array(self, code, count):
        return list(self.take(f"<{count}{code}")) if count else []

    def string(self):
        length = self.u32()
        return bytes(self.take(f"<{length}s")[0]).decode("utf-8")

    def end(self):
        if self.pos != len(self.data):
            raise SpecError(f"section '{self.name}': {len(self.data) - self.pos} bytes left over")


def csr_rows(reader):
    """row_count, entry_count, indptr[row_count + 1], cores[entries], axons[entries]."""
    rows, entries = reader.u32(), reader.u32()
    indptr = reader.array("I", rows + 1)
    cores, axons = reader.array("I", entries), reader.array("I", entries)
    return [list(zip(cores[indptr[r]:indptr[r + 1]], axons[indptr[r]:indptr[r + 1]]))
            for r in range(rows)]


def read_header(data):
    if len(data) < HEADER_SIZE:
        raise SpecError("shorter than a header")
    magic, version, header_size, count, header_crc, target_hash, name = struct.unpack_from(
        "<8sIIIIQ32s", data, 0)
    if magic != MAGIC:
        raise SpecError("bad magic")
    if version != VERSION or header_size != HEADER_SIZE or count != len(SECTIONS):
        raise SpecError(f"version {version}, header size {header_size}, {count} sections")
    table_end = HEADER_SIZE + count * ENTRY_SIZE
    if len(data) < table_end:
        raise SpecError("truncated section table")
    zeroed = data[:20] + b"\0\0\0\0" + data[24:table_end]
    if zlib.crc32(zeroed) != header_crc:
        raise SpecError("header CRC mismatch")
    sections, expected = {}, table_end
    for index, section in enumerate(SECTIONS):
        sid, crc, offset, size = struct.unpack_from("<IIQQ", data, HEADER_SIZE + index * ENTRY_SIZE)
        if sid != index + 1 or offset != expected or offset + size > len(data):
            raise SpecError(f"section table entry {index} ({section}) is out of place")
        body = data[offset:offset + size]
        if zlib.crc32(body) != crc:
            raise SpecError(f"section '{section}': CRC mismatch")
        sections[section] = body
        expected = offset + size
    if expected != len(data):
        raise SpecError("bytes after the last section")
    return target_hash, name.rstrip(b"\0").decode("ascii"), sections


def read_image(data):
    target_hash, target_name, sections = read_header(data)
    chip = sections["chip"]
    if fnv1a_64(chip) != target_hash:
        raise SpecError("target hash does not match the chip section")
    target = json.loads(chip.decode("utf-8"))
    if target["name"] != target_name:
        raise SpecError("header and chip section name different targets")

    r = Reader(sections["metadata"], "metadata")
    metadata = {key: r.string() for key in
                ["network_name", "source_hash", "compiler_version", "strategy"]}
    metadata["frac_bits"] = r.u32()
    metadata["populations"] = [{"name": r.string(), "size": r.u32()} for _ in range(r.u32())]
    r.end()

    r = Reader(sections["cores"], "cores")
    cores = []
    for _ in range(r.u32()):
        coord = [r.u32() for _ in range(4)]
        groups = []
        for _ in range(r.u32()):
            model, spike_kind = r.u8(), r.u8()
            first, count, population, offset = (r.u32() for _ in range(4))
            if model not in MODELS:
                raise SpecError(f"unknown model code {model}")
            params = {name: r.i32() for name in MODEL_PARAMS[model]}
            groups.append({"model": MODELS[model], "graded": spike_kind == 1, "first": first,
                           "count": count, "population": population, "offset": offset,
                           "params": params, "bias": r.array("i", count)})
        cores.append({"coord": coord, "groups": groups})
    r.end()

    r = Reader(sections["synapses"], "synapses")
    if r.u32() != len(cores):
        raise SpecError("synapses: core count differs from the cores section")
    for core in cores:
        core["blocks"] = []
        for _ in range(r.u32()):
            first_axon, num_axons, weight_exp, synapses = r.u32(), r.u32(), r.i32(), r.u32()
            indptr = r.array("I", num_axons + 1)
            compartments, weights, delays = (r.array(c, synapses) for c in "IiI")
            core["blocks"].append({"first_axon": first_axon, "num_axons": num_axons,
                                   "weight_exp": weight_exp, "indptr": indptr,
                                   "compartments": compartments, "weights": weights,
                                   "delays": delays})
    r.end()

    r = Reader(sections["axons"], "axons")
    if r.u32() != len(cores):
        raise SpecError("axons: core count differs from the cores section")
    for core in cores:
        core["axons"] = csr_rows(r)
    r.end()

    r = Reader(sections["routes"], "routes")
    routes = []
    for _ in range(r.u32()):
        source, dest, hops = r.u32(), r.u32(), r.u32()
        routes.append({"source": source, "dest": dest,
                       "path": [[r.u32(), r.u32(), r.u32()] for _ in range(hops)]})
    r.end()

    r = Reader(sections["inputs"], "inputs")
    inputs = [{"name": r.string(), "graded": r.u8() == 1, "neurons": csr_rows(r)}
              for _ in range(r.u32())]
    r.end()

    r = Reader(sections["outputs"], "outputs")
    outputs = []
    for _ in range(r.u32()):
        name = r.string()
        outputs.append({"name": name, "neurons": [[r.u32(), r.u32()] for _ in range(r.u32())]})
    r.end()
    return {"target": target, "target_hash": target_hash, "metadata": metadata,
            "cores": cores, "routes": routes, "inputs": inputs, "outputs": outputs}


def load(path):
    with open(path, "rb") as file:
        return read_image(file.read())
