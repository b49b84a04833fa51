// gyrus: grow spatially organised RNNs with BIMT and compile them onto
// Loihi-style neuromorphic chips.
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/io/temporary_files.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <new>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace gyrus::cli {

void print_json(const nlohmann::json& result) {
  std::cout << result.dump() << '\n';
}

bool show_progress(const GlobalOptions& options) {
  return !options.json && !options.quiet && Progress::stderr_is_terminal();
}

} // namespace gyrus::cli

namespace {

void configure_logging(const gyrus::cli::GlobalOptions& options) {
  auto logger = spdlog::stderr_color_mt("gyrus");
  logger->set_pattern("%^[%l]%$ %v");
  logger->set_level(options.verbose ? spdlog::level::debug
                    : options.quiet ? spdlog::level::warn
                                    : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

/// One line on stderr; the user should not need a stack of messages. A message that
/// brings line breaks of its own (a library's) has them folded into "; ".
int report_error(const std::string& message, int code) {
  std::string line;
  for (char c : message) {
    if (c != '\n' && c != '\r')
      line += c;
    else if (!line.empty() && line.back() != ' ')
      line += "; ";
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == ';'))
    line.pop_back();
  std::fprintf(stderr, "gyrus: error: %s\n", line.c_str());
  return code;
}

} // namespace

int main(int argc, char** argv) {
  // Ctrl-C or a kill leaves no temporary file of an unfinished write (docs/user-guide.md).
  gyrus::io::remove_temporary_files_on_signals();
  gyrus::cli::GlobalOptions options;
  CLI::App app{"gyrus: grow spatially organised recurrent networks with brain-inspired modular\n"
               "training (BIMT) and compile them onto Loihi-style neuromorphic chips.",
               "gyrus"};
  app.set_version_flag("--version", "gyrus " GYRUS_VERSION);
  app.require_subcommand(1);
  app.fallthrough(); // global options may follow the subcommand
  app.add_flag("--json", options.json, "Print one machine-readable JSON object on stdout");
  app.add_option("--seed", options.seed, "Random seed; the same seed reproduces the same result")
      ->capture_default_str();
  app.add_flag("-q,--quiet", options.quiet, "Only log warnings and errors");
  app.add_flag("-v,--verbose", options.verbose, "Log debug detail");

  app.parse_complete_callback([&] { configure_logging(options); });

  gyrus::cli::register_tasks_command(app, options);
  gyrus::cli::register_train_command(app, options);
  gyrus::cli::register_analyze_command(app, options);
  gyrus::cli::register_sweep_command(app, options);
  gyrus::cli::register_inspect_command(app, options);
  gyrus::cli::register_verify_command(app, options);
  gyrus::cli::register_lava_command(app, options);
  gyrus::cli::register_sim_command(app, options);
#ifdef GYRUS_HAVE_COMPILER
  gyrus::cli::register_compile_command(app, options);
  gyrus::cli::register_place_compare_command(app, options);
  gyrus::cli::register_demo_command(app, options);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return report_error(std::string(e.what()) + " (see --help)", e.get_exit_code());
  } catch (const std::bad_alloc&) {
    return report_error("out of memory: the input or the options ask for more than this "
                        "machine has",
                        1);
  } catch (const std::exception& e) {
    return report_error(e.what(), 1);
  }
  return 0;
}
