#include "targets/lava/bridge/bridge_client.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace gyrus::lava {
namespace {

using Clock = std::chrono::steady_clock;

std::string tail_of(const std::filesystem::path& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? " " : " | ") + all[i]; // one line: gyrus errors are one line
  return out;
}

} // namespace

BridgeClient::BridgeClient(const BridgeOptions& options) : options_(options) {
  char pattern[] = "/tmp/gyrus_lava_stderr_XXXXXX";
  int err_fd = mkstemp(pattern);
  if (err_fd < 0)
    throw BridgeError(std::string("cannot create a file for the bridge's stderr: ") +
                      std::strerror(errno));
  stderr_path_ = pattern;
  // A constructor that throws runs no destructor: clean up here what it would have.
  try {
    start(err_fd);
  } catch (...) {
    kill_child();
    std::error_code ec;
    std::filesystem::remove(stderr_path_, ec);
    throw;
  }
}

void BridgeClient::start(int err_fd) {
  const BridgeOptions& options = options_;
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(err_fd);
    throw BridgeError(std::string("pipe: ") + std::strerror(errno));
  }

  std::string pythonpath = options.package_dir.string();
  if (!options.lava_path.empty())
    pythonpath = options.lava_path + ":" + pythonpath;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old)
    pythonpath += std::string(":") + old;
  std::vector<std::string> args = {options.python, "-m", "gyrus_lava", "serve"};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0)
    throw BridgeError(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    // The child leads its own process group: Lava runs each process model in a worker
    // process of its own, and kill_child must be able to reach all of them.
    setpgid(0, 0);
    // The child: stdin/stdout are the protocol, stderr goes to the file.
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_fd, 2);
    setenv("PYTHONPATH", pythonpath.c_str(), 1);
    setenv("PYTHONUNBUFFERED", "1", 1);
    execvp(argv[0], argv.data());
    dprintf(2, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  setpgid(pid_, pid_); // also here, so that no kill can race the child's own call
  ::close(err_fd);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  info_ = parse_hello(request(make_hello(), FrameType::Hello));
}

BridgeClient::~BridgeClient() {
  kill_child();
  std::error_code ec;
  std::filesystem::remove(stderr_path_, ec);
}

void BridgeClient::kill_child() {
  if (to_child_ >= 0)
    ::close(to_child_);
  if (from_child_ >= 0)
    ::close(from_child_);
  to_child_ = from_child_ = -1;
  if (pid_ > 0) {
    // Closing stdin is the bridge's cue to stop its Lava network, which shuts Lava's
    // worker processes down; give it a moment, then kill whatever of the group is left.
    pid_t done = 0;
    for (int i = 0; i < 40 && (done = waitpid(pid_, nullptr, WNOHANG)) == 0; ++i)
      usleep(50'000);
    ::kill(-pid_, SIGKILL);
    if (done == 0)
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    pid_ = -1;
  }
}

void BridgeClient::fail(const std::string& what) {
  // Give a crashing child a moment to finish writing its traceback, then reap it.
  std::string status;
  if (pid_ > 0) {
    int wstatus = 0;
    pid_t done = 0;
    for (int i = 0; i < 20 && (done = waitpid(pid_, &wstatus, WNOHANG)) == 0; ++i)
      usleep(50'000);
    if (done == pid_) {
      ::kill(-pid_, SIGKILL); // the child is gone; its Lava workers may not be
      pid_ = -1;
      status = WIFSIGNALED(wstatus)
                   ? " (killed by signal " + std::to_string(WTERMSIG(wstatus)) + ")"
                   : " (exit code " + std::to_string(WEXITSTATUS(wstatus)) + ")";
    }
  }
  kill_child();
  std::string tail = tail_of(stderr_path_, 8);
  throw BridgeError("Lava bridge (" + options_.python + " -m gyrus_lava): " + what + status +
                    (tail.empty() ? "" : "; its stderr ends:" + tail));
}

void BridgeClient::send(const Frame& frame) {
  const std::vector<uint8_t> bytes = encode_frame(frame);
  const auto deadline = Clock::now() + options_.timeout;
  size_t done = 0;
  while (done < bytes.size()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      fail("timed out after " + std::to_string(options_.timeout.count()) + " ms while sending a " +
           frame_name(frame.type) + " frame (it hangs)");
    pollfd p{to_child_, POLLOUT, 0};
    if (poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR)
      fail(std::string("poll: ") + std::strerror(errno));
    if (p.revents & (POLLERR | POLLHUP))
      fail_before_reading(frame);
    if (!(p.revents & POLLOUT))
      continue;
    ssize_t n = ::write(to_child_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno != EINTR && errno != EAGAIN)
      fail_before_reading(frame);
    if (n > 0)
      done += static_cast<size_t>(n);
  }
}

void BridgeClient::fail_before_reading(const Frame& frame) {
  // A child that quit early usually said why on its way out (an error frame, or text that
  // is not the protocol at all); that says more than the broken pipe.
  std::vector<uint8_t> buffer(1 << 16);
  pollfd p{from_child_, POLLIN, 0};
  while (poll(&p, 1, 200) > 0 && (p.revents & POLLIN)) {
    const ssize_t n = ::read(from_child_, buffer.data(), buffer.size());
    if (n <= 0)
      break;
    decoder_.feed({buffer.data(), static_cast<size_t>(n)});
  }
  std::optional<Frame> said;
  try {
    said = decoder_.next();
  } catch (const ProtocolError& e) {
    fail(std::string("sent garbage: ") + e.what());
  }
  if (said && said->type == FrameType::Error)
    fail(parse_text(*said));
  fail("exited before reading the " + std::string(frame_name(frame.type)) + " frame");
}

Frame BridgeClient::receive(FrameType reply) {
  const auto deadline = Clock::now() + options_.timeout;
  std::vector<uint8_t> buffer(1 << 16);
  while (true) {
    std::optional<Frame> frame;
    try {
      frame = decoder_.next();
    } catch (const ProtocolError& e) {
      fail(std::string("sent garbage: ") + e.what());
    }
    if (frame) {
      if (frame->type == FrameType::Error)
        fail(parse_text(*frame));
      if (frame->type != reply)
        fail(std::string("sent a ") + frame_name(frame->type) + " frame, expected " +
             frame_name(reply));
      return *frame;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      fail("no " + std::string(frame_name(reply)) + " reply within " +
           std::to_string(options_.timeout.count()) + " ms (it hangs); raise --timeout");
    pollfd p{from_child_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR)
      fail(std::string("poll: ") + std::strerror(errno));
    if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
      continue;
    ssize_t n = ::read(from_child_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      fail(decoder_.pending() ? "ended in the middle of a frame"
                              : "exited without a " + std::string(frame_name(reply)) + " reply");
    decoder_.feed({buffer.data(), static_cast<size_t>(n)});
  }
}

Frame BridgeClient::request(const Frame& frame, FrameType reply) {
  send(frame);
  return receive(reply);
}

std::string BridgeClient::load(const LoadRequest& request_) {
  return parse_text(request(make_load(request_), FrameType::Loaded));
}

OutputsChunk BridgeClient::run(const InputsChunk& inputs) {
  OutputsChunk out = parse_outputs(request(make_inputs(inputs), FrameType::Outputs));
  if (out.steps != inputs.steps)
    fail("answered " + std::to_string(out.steps) + " steps for " + std::to_string(inputs.steps));
  return out;
}

void BridgeClient::close() {
  if (pid_ <= 0)
    return;
  try {
    request(Frame{FrameType::Bye, {}}, FrameType::Bye);
  } catch (const BridgeError&) {
    // Reaped by fail() already; a child that cannot say bye has nothing more to give.
    return;
  }
  kill_child();
}

} // namespace gyrus::lava
