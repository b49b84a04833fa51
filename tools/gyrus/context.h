// What every subcommand shares: global options and the way results reach
// the user (a human-readable report, or one JSON object with --json).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace CLI {
class App;
}

namespace gyrus::cli {

struct GlobalOptions {
  bool json = false;
  uint64_t seed = 0;
  bool quiet = false;
  bool verbose = false;
};

/// An error the user can fix; main prints it as one line and exits 1.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Prints `result` as one JSON object on stdout.
void print_json(const nlohmann::json& result);

/// Whether long work should draw a progress bar.
bool show_progress(const GlobalOptions& options);

void register_tasks_command(CLI::App& app, GlobalOptions& options);
void register_train_command(CLI::App& app, GlobalOptions& options);
void register_analyze_command(CLI::App& app, GlobalOptions& options);
void register_sweep_command(CLI::App& app, GlobalOptions& options);
void register_compile_command(CLI::App& app, GlobalOptions& options);
void register_place_compare_command(CLI::App& app, GlobalOptions& options);
void register_demo_command(CLI::App& app, GlobalOptions& options);
void register_inspect_command(CLI::App& app, GlobalOptions& options);
void register_verify_command(CLI::App& app, GlobalOptions& options);
void register_lava_command(CLI::App& app, GlobalOptions& options);
void register_sim_command(CLI::App& app, GlobalOptions& options);

} // namespace gyrus::cli
