// The Lava bridge as a child process: spawns `PYTHON -m gyrus_lava serve`, exchanges
// protocol frames over its stdin and stdout with a deadline on every wait, and never
// leaves a hung child or a zombie behind (the destructor kills and reaps it).
#pragma once

#include "targets/lava/bridge/lava_protocol.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace gyrus::lava {

struct BridgeOptions {
  std::string python;                ///< interpreter
  std::filesystem::path package_dir; ///< holds gyrus_lava/ (prepended to PYTHONPATH)
  std::string lava_path;             ///< GYRUS_LAVA_PATH: prepended to PYTHONPATH if set
  std::chrono::milliseconds timeout{std::chrono::seconds(120)}; ///< per reply
  std::vector<std::string> extra_args; ///< after `-m gyrus_lava serve` (tests)
};

/// Everything that goes wrong with the child: it could not start, crashed, hung, spoke
/// garbage or reported an error. The message says which, with its stderr's last lines.
class BridgeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class BridgeClient {
public:
  /// Starts the child and does the hello handshake.
  explicit BridgeClient(const BridgeOptions& options);
  ~BridgeClient();
  BridgeClient(const BridgeClient&) = delete;
  BridgeClient& operator=(const BridgeClient&) = delete;

  const std::string& info() const { return info_; }
  /// The bridge's summary and warnings.
  std::string load(const LoadRequest& request);
  OutputsChunk run(const InputsChunk& inputs);
  /// Says bye and reaps the child.
  void close();

private:
  /// Starts the child with stderr to `err_fd` (closed here) and exchanges the hello.
  void start(int err_fd);
  Frame request(const Frame& frame, FrameType reply);
  void send(const Frame& frame);
  Frame receive(FrameType reply);
  [[noreturn]] void fail(const std::string& what);
  /// Fails after the child stopped reading `frame`, reporting what it wrote first.
  [[noreturn]] void fail_before_reading(const Frame& frame);
  void kill_child();

  BridgeOptions options_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::filesystem::path stderr_path_;
  FrameDecoder decoder_;
  std::string info_;
};

} // namespace gyrus::lava
