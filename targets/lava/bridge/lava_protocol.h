// The framed binary protocol between gyrus and its Lava bridge (a Python child process,
// targets/lava/gyrus_lava/protocol.py is the other side; docs/lava.md, "Protocol").
// A frame is u8 type, u32 length (little-endian), then the payload. Decoding never trusts
// a length: counts are checked against the bytes present before anything is allocated,
// and every malformed input throws ProtocolError with a message naming the frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace gyrus::lava {

inline constexpr char kMagic[4] = {'G', 'Y', 'L', 'V'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kMaxPayload = uint32_t{1} << 30;
inline constexpr size_t kFrameHeader = 5;
/// LOAD flag: OUTPUTS carry every compartment's state after each chunk.
inline constexpr uint32_t kRecordState = 1;

enum class FrameType : uint8_t {
  Hello = 1,
  Load = 2,
  Loaded = 3,
  Inputs = 4,
  Outputs = 5,
  Error = 6,
  Bye = 7
};

const char* frame_name(FrameType type);

class ProtocolError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Frame {
  FrameType type = FrameType::Hello;
  std::vector<uint8_t> payload;
};

std::vector<uint8_t> encode_frame(const Frame& frame);

/// Splits a byte stream into frames. feed() what arrives, then take next() until nullopt.
/// A bad type or an oversized length throws as soon as the header is complete.
class FrameDecoder {
public:
  void feed(std::span<const uint8_t> bytes);
  std::optional<Frame> next();
  /// Bytes of an incomplete frame: at the end of the stream, a truncated frame.
  size_t pending() const { return buffer_.size() - start_; }

private:
  std::vector<uint8_t> buffer_;
  size_t start_ = 0;
};

/// Per port, `steps` rows of one value per neuron.
using PortSteps = std::vector<std::vector<int64_t>>;

struct StateRecord {
  uint32_t core = 0;
  uint32_t compartment = 0;
  std::vector<int64_t> fields; ///< runtime/ref's state_fields order
};

struct LoadRequest {
  std::string image_path;
  uint32_t flags = 0;
  uint32_t chunk_capacity = 1; ///< the most steps one INPUTS frame may hold
};

struct InputsChunk {
  uint32_t steps = 0;
  std::vector<PortSteps> ports; ///< values must fit i32
};

struct OutputsChunk {
  uint32_t steps = 0;
  std::vector<PortSteps> ports;
  std::vector<StateRecord> states; ///< after the chunk's last step; empty unless recorded
};

Frame make_hello(const std::string& info = "");
/// The peer's info string; throws on a bad magic or another version.
std::string parse_hello(const Frame& frame);
Frame make_load(const LoadRequest& request);
LoadRequest parse_load(const Frame& frame);
Frame make_inputs(const InputsChunk& chunk);
InputsChunk parse_inputs(const Frame& frame);
Frame make_outputs(const OutputsChunk& chunk);
OutputsChunk parse_outputs(const Frame& frame);
/// ERROR and LOADED carry one string.
Frame make_text(FrameType type, const std::string& text);
std::string parse_text(const Frame& frame);

} // namespace gyrus::lava
