"""The bridge's framed binary protocol (docs/lava.md, "Protocol").

gyrus (the client) and this package (the server) talk over the child's stdin
and stdout. A frame is `u8 type, u32 length (little-endian), length bytes of
payload`. The first frame each way is HELLO (magic "GYLV", u32 version); a
server that gets another version answers ERROR and exits. All integers are
little-endian; tools/gyrus/lava_protocol.cpp is the C++ side of every layout
below.
"""
import struct

MAGIC = b"GYLV"
VERSION = 1
MAX_PAYLOAD = 1 << 30  # larger lengths are refused before anything is allocated

HELLO, LOAD, LOADED, INPUTS, OUTPUTS, ERROR, BYE = 1, 2, 3, 4, 5, 6, 7
NAMES = {HELLO: "hello", LOAD: "load", LOADED: "loaded", INPUTS: "inputs",
         OUTPUTS: "outputs", ERROR: "error", BYE: "bye"}
LOAD_RECORD_STATE = 1  # LOAD flag: OUTPUTS carry every compartment's state after the chunk


class ProtocolError(Exception):
    pass


def read_exact(stream, size):
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None if not data else data
        data += chunk
    return data


def read_frame(stream):
    """(type, payload), or None at a clean end of stream."""
    head = read_exact(stream, 5)
    if head is None:
        return None
    if len(head) < 5:
        raise ProtocolError("truncated frame header")
    kind, length = struct.unpack("<BI", head)
    if kind not in NAMES:
        raise ProtocolError(f"unknown frame type {kind}")
    if length > MAX_PAYLOAD:
        raise ProtocolError(f"frame length {length} exceeds the limit {MAX_PAYLOAD}")
    payload = read_exact(stream, length) if length else b""
    if payload is None or len(payload) < length:
        raise ProtocolError(f"truncated {NAMES[kind]} frame")
    return kind, payload


def write_frame(stream, kind, payload=b""):
    stream.write(struct.pack("<BI", kind, len(payload)) + payload)
    stream.flush()


class Cursor:
    def __init__(self, data, what):
        self.data, self.pos, self.what = data, 0, what

    def take(self, fmt, count=1):
        layout = f"<{fmt}" if count == 1 else f"<{count}{fmt}"
        size = struct.calcsize(layout)
        if self.pos + size > len(self.data):
            raise ProtocolError(f"{self.what} frame is truncated")
        values = struct.unpack_from(layout, self.data, self.pos)
        self.pos += size
        return values

    def u32(self):
        return self.take("I")[0]

    def string(self):
        length = self.u32()
        return bytes(self.take(f"{length}s")[0]).decode()

    def end(self):
        if self.pos != len(self.data):
            raise ProtocolError(f"{self.what} frame has {len(self.data) - self.pos} extra bytes")


def encode_string(text):
    data = text.encode()
    return struct.pack("<I", len(data)) + data


def encode_hello(info=""):
    return MAGIC + struct.pack("<I", VERSION) + encode_string(info)


def decode_hello(payload):
    c = Cursor(payload, "hello")
    if bytes(c.take("4s")[0]) != MAGIC:
        raise ProtocolError("hello frame has a bad magic")
    version = c.u32()
    if version != VERSION:
        raise ProtocolError(f"protocol version {version}, this bridge speaks {VERSION}")
    info = c.string()
    c.end()
    return info


def decode_load(payload):
    """(image path, flags, chunk capacity: the most steps one INPUTS frame may hold)."""
    c = Cursor(payload, "load")
    path = c.string()
    flags, capacity = c.u32(), c.u32()
    c.end()
    if capacity == 0:
        raise ProtocolError("load frame asks for a chunk capacity of 0 steps")
    return path, flags, capacity


def decode_inputs(payload):
    """steps, then per port a list of `steps` rows of neuron values."""
    c = Cursor(payload, "inputs")
    steps, ports = c.u32(), c.u32()
    result = []
    for _ in range(ports):
        neurons = c.u32()
        if neurons * steps * 4 > len(payload):
            raise ProtocolError("inputs frame declares more values than it holds")
        flat = c.take("i", neurons * steps)
        result.append([list(flat[k * neurons:(k + 1) * neurons]) for k in range(steps)])
    c.end()
    return steps, result


def encode_outputs(steps, ports, states):
    """ports: per output port, `steps` rows of values; states: [(core, compartment,
    [field values])] after the chunk's last step, or []."""
    parts = [struct.pack("<II", steps, len(ports))]
    for rows in ports:
        neurons = len(rows[0]) if rows else 0
        flat = [int(v) for row in rows for v in row]
        parts.append(struct.pack(f"<I{len(flat)}q", neurons, *flat))
    parts.append(struct.pack("<I", len(states)))
    for core, compartment, fields in states:
        parts.append(struct.pack(f"<III{len(fields)}q", core, compartment, len(fields),
                                 *[int(v) for v in fields]))
    return b"".join(parts)


def encode_load(path, flags, capacity):
    return encode_string(path) + struct.pack("<II", flags, capacity)


def encode_inputs(steps, ports):
    parts = [struct.pack("<II", steps, len(ports))]
    for rows in ports:
        neurons = len(rows[0]) if rows else 0
        flat = [int(v) for row in rows for v in row]
        parts.append(struct.pack(f"<I{len(flat)}i", neurons, *flat))
    return b"".join(parts)


def decode_outputs(payload):
    c = Cursor(payload, "outputs")
    steps, count = c.u32(), c.u32()
    ports = []
    for _ in range(count):
        neurons = c.u32()
        flat = c.take("q", neurons * steps)
        ports.append([list(flat[k * neurons:(k + 1) * neurons]) for k in range(steps)])
    states = []
    for _ in range(c.u32()):
        core, compartment, fields = c.u32(), c.u32(), c.u32()
        states.append((core, compartment, list(c.take("q", fields))))
    c.end()
    return steps, ports, states
