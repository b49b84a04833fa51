#include "targets/lava/bridge/lava_protocol.h"

#include <cstring>
#include <limits>

namespace gyrus::lava {
namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_i32(std::vector<uint8_t>& out, int64_t v) {
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
    throw ProtocolError("inputs: value " + std::to_string(v) + " does not fit 32 bits");
  put_u32(out, static_cast<uint32_t>(static_cast<int32_t>(v)));
}

void put_i64(std::vector<uint8_t>& out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<uint8_t>(u >> (8 * i)));
}

void put_string(std::vector<uint8_t>& out, const std::string& s) {
  if (s.size() > kMaxPayload)
    throw ProtocolError("string too long for a frame");
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

uint32_t u32_at(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

/// Reads one payload field by field, never past its end.
class Cursor {
public:
  Cursor(const Frame& frame) : data_(frame.payload), what_(frame_name(frame.type)) {}
  void need(uint64_t bytes) const {
    if (bytes > data_.size() - pos_)
      throw ProtocolError(std::string(what_) + " frame is truncated");
  }
  uint32_t u32() {
    need(4);
    uint32_t v = u32_at(&data_[pos_]);
    pos_ += 4;
    return v;
  }
  int64_t i32() { return static_cast<int32_t>(u32()); }
  int64_t i64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= uint64_t{data_[pos_ + i]} << (8 * i);
    pos_ += 8;
    return static_cast<int64_t>(v);
  }
  std::string string() {
    uint32_t n = u32();
    need(n);
    std::string s(reinterpret_cast<const char*>(&data_[pos_]), n);
    pos_ += n;
    return s;
  }
  /// `rows` rows of `cols` values of `size` bytes each, checked before allocating.
  PortSteps table(uint32_t rows, uint32_t cols, int size) {
    need(uint64_t{rows} * cols * size);
    PortSteps out(rows, std::vector<int64_t>(cols));
    for (auto& row : out)
      for (auto& v : row)
        v = size == 4 ? i32() : i64();
    return out;
  }
  void end() const {
    if (pos_ != data_.size())
      throw ProtocolError(std::string(what_) + " frame has " + std::to_string(data_.size() - pos_) +
                          " extra bytes");
  }

private:
  const std::vector<uint8_t>& data_;
  size_t pos_ = 0;
  const char* what_;
};

void expect(const Frame& frame, FrameType type) {
  if (frame.type != type)
    throw ProtocolError(std::string("expected a ") + frame_name(type) + " frame, got " +
                        frame_name(frame.type));
}

void put_ports(std::vector<uint8_t>& out, uint32_t steps, const std::vector<PortSteps>& ports,
               bool wide) {
  put_u32(out, steps);
  put_u32(out, static_cast<uint32_t>(ports.size()));
  for (const PortSteps& rows : ports) {
    if (rows.size() != steps)
      throw ProtocolError("a port holds " + std::to_string(rows.size()) + " steps, expected " +
                          std::to_string(steps));
    const size_t width = rows.empty() ? 0 : rows.front().size();
    put_u32(out, static_cast<uint32_t>(width));
    for (const auto& row : rows) {
      if (row.size() != width)
        throw ProtocolError("a port's steps have different neuron counts");
      for (int64_t v : row)
        wide ? put_i64(out, v) : put_i32(out, v);
    }
  }
}

std::vector<PortSteps> get_ports(Cursor& c, uint32_t steps, int size) {
  uint32_t count = c.u32();
  c.need(uint64_t{count} * 4);
  std::vector<PortSteps> ports;
  for (uint32_t p = 0; p < count; ++p) {
    uint32_t width = c.u32();
    ports.push_back(c.table(steps, width, size));
  }
  return ports;
}

} // namespace

const char* frame_name(FrameType type) {
  switch (type) {
  case FrameType::Hello:
    return "hello";
  case FrameType::Load:
    return "load";
  case FrameType::Loaded:
    return "loaded";
  case FrameType::Inputs:
    return "inputs";
  case FrameType::Outputs:
    return "outputs";
  case FrameType::Error:
    return "error";
  case FrameType::Bye:
    return "bye";
  }
  return "unknown";
}

std::vector<uint8_t> encode_frame(const Frame& frame) {
  if (frame.payload.size() > kMaxPayload)
    throw ProtocolError(std::string(frame_name(frame.type)) + " payload exceeds the limit");
  std::vector<uint8_t> out;
  out.reserve(kFrameHeader + frame.payload.size());
  out.push_back(static_cast<uint8_t>(frame.type));
  put_u32(out, static_cast<uint32_t>(frame.payload.size()));
  out.insert(out.end(), frame.payload.begin(), frame.payload.end());
  return out;
}

void FrameDecoder::feed(std::span<const uint8_t> bytes) {
  if (start_ > 0 && start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<Frame> FrameDecoder::next() {
  if (pending() < kFrameHeader)
    return std::nullopt;
  const uint8_t* head = &buffer_[start_];
  if (head[0] < 1 || head[0] > 7)
    throw ProtocolError("unknown frame type " + std::to_string(head[0]));
  const uint32_t length = u32_at(head + 1);
  if (length > kMaxPayload)
    throw ProtocolError("frame length " + std::to_string(length) + " exceeds the limit " +
                        std::to_string(kMaxPayload));
  if (pending() < kFrameHeader + length)
    return std::nullopt;
  Frame frame{static_cast<FrameType>(head[0]),
              std::vector<uint8_t>(head + kFrameHeader, head + kFrameHeader + length)};
  start_ += kFrameHeader + length;
  return frame;
}

Frame make_hello(const std::string& info) {
  Frame f{FrameType::Hello, {}};
  for (char c : kMagic)
    f.payload.push_back(static_cast<uint8_t>(c));
  put_u32(f.payload, kVersion);
  put_string(f.payload, info);
  return f;
}

std::string parse_hello(const Frame& frame) {
  expect(frame, FrameType::Hello);
  Cursor c(frame);
  c.need(4);
  if (std::memcmp(frame.payload.data(), kMagic, 4) != 0)
    throw ProtocolError("hello frame has a bad magic: the child is not a gyrus Lava bridge");
  c.u32();
  const uint32_t version = c.u32();
  if (version != kVersion)
    throw ProtocolError("the bridge speaks protocol version " + std::to_string(version) +
                        ", gyrus speaks " + std::to_string(kVersion));
  std::string info = c.string();
  c.end();
  return info;
}

Frame make_load(const LoadRequest& request) {
  Frame f{FrameType::Load, {}};
  put_string(f.payload, request.image_path);
  put_u32(f.payload, request.flags);
  put_u32(f.payload, request.chunk_capacity);
  return f;
}

LoadRequest parse_load(const Frame& frame) {
  expect(frame, FrameType::Load);
  Cursor c(frame);
  LoadRequest r;
  r.image_path = c.string();
  r.flags = c.u32();
  r.chunk_capacity = c.u32();
  c.end();
  if (r.chunk_capacity == 0)
    throw ProtocolError("load frame asks for a chunk capacity of 0 steps");
  return r;
}

Frame make_inputs(const InputsChunk& chunk) {
  Frame f{FrameType::Inputs, {}};
  put_ports(f.payload, chunk.steps, chunk.ports, false);
  return f;
}

InputsChunk parse_inputs(const Frame& frame) {
  expect(frame, FrameType::Inputs);
  Cursor c(frame);
  InputsChunk chunk;
  chunk.steps = c.u32();
  chunk.ports = get_ports(c, chunk.steps, 4);
  c.end();
  return chunk;
}

Frame make_outputs(const OutputsChunk& chunk) {
  Frame f{FrameType::Outputs, {}};
  put_ports(f.payload, chunk.steps, chunk.ports, true);
  put_u32(f.payload, static_cast<uint32_t>(chunk.states.size()));
  for (const StateRecord& s : chunk.states) {
    put_u32(f.payload, s.core);
    put_u32(f.payload, s.compartment);
    put_u32(f.payload, static_cast<uint32_t>(s.fields.size()));
    for (int64_t v : s.fields)
      put_i64(f.payload, v);
  }
  return f;
}

OutputsChunk parse_outputs(const Frame& frame) {
  expect(frame, FrameType::Outputs);
  Cursor c(frame);
  OutputsChunk chunk;
  chunk.steps = c.u32();
  chunk.ports = get_ports(c, chunk.steps, 8);
  const uint32_t count = c.u32();
  c.need(uint64_t{count} * 12);
  chunk.states.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    StateRecord s;
    s.core = c.u32();
    s.compartment = c.u32();
    const uint32_t fields = c.u32();
    c.need(uint64_t{fields} * 8);
    for (uint32_t k = 0; k < fields; ++k)
      s.fields.push_back(c.i64());
    chunk.states.push_back(std::move(s));
  }
  c.end();
  return chunk;
}

Frame make_text(FrameType type, const std::string& text) {
  Frame f{type, {}};
  put_string(f.payload, text);
  return f;
}

std::string parse_text(const Frame& frame) {
  Cursor c(frame);
  std::string s = c.string();
  c.end();
  return s;
}

} // namespace gyrus::lava
