#include "tools/gyrus/child_processes.h"

#include "tools/gyrus/context.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace gyrus::cli {

namespace {

pid_t start(const ChildJob& job) {
  std::vector<char*> argv;
  for (const std::string& arg : job.argv)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("cannot start a process: ") + std::strerror(errno));
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    const int out = ::open(job.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0)
      ::_exit(127);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::close(out);
    ::close(err);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int exit_code(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return 1;
}

} // namespace

void run_jobs(const std::vector<ChildJob>& jobs, int parallel,
              const std::function<void(size_t, int)>& on_finish) {
  std::map<pid_t, size_t> running;
  size_t next = 0;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && static_cast<int>(running.size()) < std::max(parallel, 1)) {
      running[start(jobs[next])] = next;
      ++next;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error(std::string("waiting for a child process: ") + std::strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end())
      continue;
    const size_t index = it->second;
    running.erase(it);
    on_finish(index, exit_code(status));
  }
}

std::string python_interpreter() {
  if (const char* configured = std::getenv("GYRUS_PYTHON"); configured && *configured)
    return configured;
#ifdef GYRUS_DEFAULT_PYTHON
  return GYRUS_DEFAULT_PYTHON;
#else
  return "/usr/bin/python3";
#endif
}

std::filesystem::path script_path(const std::string& name) {
  if (const char* source = std::getenv("GYRUS_SOURCE_DIR"); source && *source)
    return std::filesystem::path(source) / "scripts" / name;
#ifdef GYRUS_SCRIPTS_DIR
  return std::filesystem::path(GYRUS_SCRIPTS_DIR) / name;
#else
  return std::filesystem::path("scripts") / name;
#endif
}

ProcessResult run_process(const std::vector<std::string>& argv) {
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0)
    throw std::runtime_error("cannot create a pipe to run " + argv.front());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[1]);
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  ProcessResult result;
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    result.exit_code = 127;
    result.output = std::string("cannot run ") + argv.front() + ": " + std::strerror(spawned);
    return result;
  }
  std::array<char, 4096> buffer;
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer.data(), buffer.size())) != 0;) {
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    result.output.append(buffer.data(), static_cast<size_t>(n));
  }
  ::close(pipe_ends[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::filesystem::path self_executable() {
  return std::filesystem::read_symlink("/proc/self/exe");
}

std::string last_line(const std::string& output) {
  std::string line, last;
  for (char c : output + "\n") {
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.find_first_not_of(" \t\r") != std::string::npos)
      last = line;
    line.clear();
  }
  return last.empty() ? "no output" : last;
}

void check_plotting(const std::string& python, const std::filesystem::path& script,
                    const std::string& option) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(script, ec))
    throw UsageError(option + ": plotting script '" + script.string() +
                     "' not found (set GYRUS_SOURCE_DIR to the gyrus source tree)");
  const ProcessResult check = run_process({python, script.string(), "--check"});
  if (check.exit_code == 127)
    throw UsageError(option + ": cannot run Python '" + python +
                     "' (set GYRUS_PYTHON to a Python 3 with numpy, h5py and matplotlib)");
  if (check.exit_code != 0)
    throw UsageError(option + ": " + last_line(check.output));
}

} // namespace gyrus::cli
