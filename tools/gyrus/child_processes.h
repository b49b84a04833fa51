// Runs other programs as child processes, a bounded number at a time: how
// `gyrus sweep` spreads training runs over the cores.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace gyrus::cli {

struct ChildJob {
  std::vector<std::string> argv; ///< argv[0] is the program path
  std::filesystem::path stdout_path;
  std::filesystem::path stderr_path;
};

/// Starts the jobs in order, at most `parallel` at a time, and calls
/// `on_finish(index, exit_code)` as each ends (exit code 128 + signal when a
/// signal killed it, 127 when it could not start). Returns when all are done.
void run_jobs(const std::vector<ChildJob>& jobs, int parallel,
              const std::function<void(size_t index, int exit_code)>& on_finish);

struct ProcessResult {
  int exit_code = 0;  ///< 127 when the program could not start; 128 + signal if killed
  std::string output; ///< stdout and stderr together
};

/// Runs argv[0] (found on PATH, no shell) to completion with stdout and
/// stderr captured.
ProcessResult run_process(const std::vector<std::string>& argv);

/// The Python with numpy, h5py and matplotlib: $GYRUS_PYTHON, else the one
/// CMake configured (/usr/bin/python3 on Debian).
std::string python_interpreter();

/// scripts/<name> of the source tree ($GYRUS_SOURCE_DIR overrides).
std::filesystem::path script_path(const std::string& name);

/// Path of the running executable, so children run the same gyrus.
std::filesystem::path self_executable();

/// The last non-empty line of a child's output: its error message.
std::string last_line(const std::string& output);

/// Throws UsageError naming `option` unless `script` exists and `python` runs its
/// `--check` (which imports what it needs), so figures fail before anything is written.
void check_plotting(const std::string& python, const std::filesystem::path& script,
                    const std::string& option = "--figures");

} // namespace gyrus::cli
