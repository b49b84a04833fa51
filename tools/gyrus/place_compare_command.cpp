// `gyrus place-compare`: one network, one target, several mapping strategies, one
// cost model. The network goes through the compiler's front end (import, target
// checks, quantization) once; every strategy then partitions and places the same
// extracted network (the one snn-partition sees) under the same per-core limits and
// rates, and the cost model scores it. Optionally it draws the core maps, link loads
// and costs (scripts/plot_placement.py).
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Mapping/CostModel.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Placement.h"
#include "gyrus/Mapping/Routing.h"
#include "gyrus/Pipeline/Compile.h"
#include "gyrus/Transforms/MappingExtraction.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/MLIRContext.h"
#include "tools/gyrus/child_processes.h"
#include "tools/gyrus/compiler_diagnostics.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/placement_simulation.h"
#include "training/analysis/analysis.h"
#include "training/io/atomic_file.h"
#include "training/io/network_file.h"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <spdlog/spdlog.h>
#include <string>
#include <vector>

namespace gyrus::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kAllStrategies = "spatial,linear,random,hilbert,metis,anneal";
/// The figures plot_placement.py draws, in its order.
constexpr std::array<const char*, 3> kFigures{"placement_cores.png", "placement_link_load.png",
                                              "placement_costs.png"};

struct PlaceCompareCommand {
  std::string input;
  std::string target;
  std::string strategies = kAllStrategies;
  std::string placement; ///< empty: each partition strategy's own (default_placement)
  std::string rates;
  std::string figures;
  std::string simulate; ///< a task, or "all": run each image on its test trials
  int sim_trials = 1;
};

/// One strategy's result. The simulated columns are filled once place-compare runs each
/// image through runtime/sim; the table and JSON show them only when set.
struct StrategyRow {
  mapping::PartitionStrategy partition{};
  mapping::PlacementStrategy placement{};
  std::string error; ///< why the strategy does not fit; nothing else is set then
  mapping::CostReport cost;
  bool limits_respected = false;
  double seconds = 0;
  std::optional<double> cycles_per_step;
  std::optional<double> energy_per_step_pj;
  mapping::PartitionResult partition_result;
  mapping::PlacementResult placement_result;
};

/// Placement follows the partition strategy of the same name; METIS has none and its
/// parts carry no position order, so it is placed spatially (by its parts' centroids).
mapping::PlacementStrategy default_placement(mapping::PartitionStrategy partition) {
  switch (partition) {
  case mapping::PartitionStrategy::linear:
    return mapping::PlacementStrategy::linear;
  case mapping::PartitionStrategy::random:
    return mapping::PlacementStrategy::random;
  case mapping::PartitionStrategy::hilbert:
    return mapping::PlacementStrategy::hilbert;
  case mapping::PartitionStrategy::anneal:
    return mapping::PlacementStrategy::anneal;
  case mapping::PartitionStrategy::spatial:
  case mapping::PartitionStrategy::metis:
    return mapping::PlacementStrategy::spatial;
  }
  return mapping::PlacementStrategy::spatial;
}

std::vector<mapping::PartitionStrategy> parse_strategies(const std::string& list) {
  std::vector<mapping::PartitionStrategy> strategies;
  std::set<std::string> seen;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? comma : comma - start);
    start = comma == std::string::npos ? list.size() + 1 : comma + 1;
    try {
      strategies.push_back(mapping::parse_partition_strategy(name));
    } catch (const mapping::MappingError&) {
      throw UsageError("--strategies: '" + name + "' is not a partition strategy; use " +
                       kAllStrategies);
    }
    if (!seen.insert(name).second)
      throw UsageError("--strategies: '" + name + "' is listed twice");
  }
  return strategies;
}

/// Per-neuron rates from a JSON file {"rates": {"<population>": [r0, r1, ...], ...}}:
/// spikes per step of each neuron of the named populations, the others at 1.
std::vector<double> read_rates(const std::string& path, const mapping::MappingNetwork& network) {
  std::vector<double> rates(network.num_neurons(), 1.0);
  if (path.empty())
    return rates;
  std::error_code ec;
  std::ifstream in(path);
  if (!in || std::filesystem::is_directory(path, ec))
    throw UsageError("--rates: cannot read '" + path + "'");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError("--rates: '" + path + "' is not JSON: " + e.what());
  } catch (const std::ios_base::failure&) {
    throw UsageError("--rates: cannot read '" + path + "'");
  }
  if (!document.is_object() || !document.contains("rates") || !document["rates"].is_object())
    throw UsageError("--rates: '" + path +
                     "' has no \"rates\" object of per-population arrays (docs/user-guide.md)");
  for (const auto& [name, values] : document["rates"].items()) {
    auto population = std::find_if(network.populations.begin(), network.populations.end(),
                                   [&](const mapping::Population& p) { return p.name == name; });
    if (population == network.populations.end())
      throw UsageError("--rates: '" + path + "': the network has no population '" + name + "'");
    if (!values.is_array() || static_cast<int64_t>(values.size()) != population->count)
      throw UsageError(fmt::format("--rates: '{}': population '{}' has {} neurons, but rates.{} "
                                   "has {} values",
                                   path, name, population->count, name,
                                   values.is_array() ? values.size() : 0));
    for (int32_t i = 0; i < population->count; ++i) {
      const auto& value = values[i];
      if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0)
        throw UsageError(
            fmt::format("--rates: '{}': rates.{}[{}] is not a finite number >= 0", path, name, i));
      rates[population->first + i] = value.get<double>();
    }
  }
  return rates;
}

StrategyRow run_strategy(const mapping::MappingNetwork& network,
                         const target::TargetDescription& target,
                         mapping::PartitionStrategy partition, mapping::PlacementStrategy placement,
                         uint64_t seed, const std::vector<double>& rates) {
  StrategyRow row;
  row.partition = partition;
  row.placement = placement;
  const auto started = std::chrono::steady_clock::now();
  // The passes' defaults (Passes.td), so that a row is what `gyrus compile` would map.
  mapping::PartitionOptions partition_options;
  partition_options.strategy = partition;
  partition_options.seed = seed;
  row.partition_result = mapping::partition(network, target, partition_options, rates);
  if (!row.partition_result.ok()) {
    row.error = row.partition_result.error;
    return row;
  }
  mapping::PlacementOptions placement_options;
  placement_options.strategy = placement;
  placement_options.seed = seed;
  row.placement_result =
      mapping::place(network, row.partition_result, target, placement_options, rates);
  if (!row.placement_result.ok()) {
    row.error = row.placement_result.error;
    return row;
  }
  row.cost = mapping::evaluate(network, row.partition_result, row.placement_result, target, rates);
  row.limits_respected = !mapping::find_limit_violation(row.cost.usage, target).has_value();
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return row;
}

std::string row_name(const StrategyRow& row) {
  std::string name(mapping::to_string(row.partition));
  if (mapping::to_string(row.placement) != name)
    name += "/" + std::string(mapping::to_string(row.placement));
  return name;
}

nlohmann::json row_json(const StrategyRow& row) {
  nlohmann::json entry = {{"strategy", mapping::to_string(row.partition)},
                          {"placement", mapping::to_string(row.placement)},
                          {"ok", row.error.empty()}};
  if (!row.error.empty()) {
    entry["error"] = row.error;
    return entry;
  }
  const mapping::CostReport& c = row.cost;
  entry.update({{"cores_used", c.cores_used},
                {"neuron_wiring", c.neuron_wiring},
                {"core_wiring", c.core_wiring},
                {"packets_per_step", c.packets_per_step},
                {"host_packets_per_step", c.host_packets_per_step},
                {"spike_hops_per_step", c.spike_hops_per_step},
                {"max_link_flits_per_step", c.max_link_flits_per_step},
                {"mean_link_flits_per_step", c.mean_link_flits_per_step},
                {"max_core_synaptic_ops_per_step", c.max_core_synaptic_ops_per_step},
                {"limits_respected", row.limits_respected},
                {"seconds", row.seconds}});
  if (row.cycles_per_step)
    entry["cycles_per_step"] = *row.cycles_per_step;
  if (row.energy_per_step_pj)
    entry["energy_per_step_pj"] = *row.energy_per_step_pj;
  return entry;
}

void print_table(const std::vector<StrategyRow>& rows, const std::string& header) {
  bool cycles = false, energy = false;
  for (const StrategyRow& row : rows) {
    cycles |= row.cycles_per_step.has_value();
    energy |= row.energy_per_step_pj.has_value();
  }
  std::cout << header << '\n';
  std::string title = fmt::format("{:<18} {:>5} {:>12} {:>11} {:>11} {:>13} {:>10} {:>10} {:>10}",
                                  "strategy", "cores", "wiring", "core wiring", "packets",
                                  "spike-hops", "max link", "mean link", "max synops");
  if (cycles)
    title += fmt::format(" {:>12}", "cycles");
  if (energy)
    title += fmt::format(" {:>12}", "energy pJ");
  std::cout << title << '\n';
  for (const StrategyRow& row : rows) {
    if (!row.error.empty()) {
      std::cout << fmt::format("{:<18} does not fit: {}\n", row_name(row), row.error);
      continue;
    }
    const mapping::CostReport& c = row.cost;
    std::string line = fmt::format(
        "{:<18} {:>5} {:>12.4g} {:>11.4g} {:>11.1f} {:>13.1f} {:>10.1f} {:>10.2f} {:>10.1f}",
        row_name(row), c.cores_used, c.neuron_wiring, c.core_wiring, c.packets_per_step,
        c.spike_hops_per_step, c.max_link_flits_per_step, c.mean_link_flits_per_step,
        c.max_core_synaptic_ops_per_step);
    if (cycles)
      line += row.cycles_per_step ? fmt::format(" {:>12.0f}", *row.cycles_per_step)
                                  : fmt::format(" {:>12}", "-");
    if (energy)
      line += row.energy_per_step_pj ? fmt::format(" {:>12.4g}", *row.energy_per_step_pj)
                                     : fmt::format(" {:>12}", "-");
    std::cout << line << '\n';
  }
  std::cout << "per step: packets and spike-hops between cores, link loads in flits; wiring = "
               "sum |w| x distance (neuron grid), core wiring = sum |w| x hops\n";
}

/// The population the core maps show: the largest on-chip one (the hidden grid of a
/// gyrus network file).
int32_t shown_population(const mapping::MappingNetwork& network) {
  int32_t shown = -1;
  for (int32_t p = 0; p < static_cast<int32_t>(network.populations.size()); ++p)
    if (!network.populations[p].is_input &&
        (shown < 0 || network.populations[p].count > network.populations[shown].count))
      shown = p;
  return shown;
}

/// Functional clusters per hidden unit (k-means over task variance, training/analysis),
/// or nullopt when the input is not a gyrus network file the analysis accepts.
std::optional<std::vector<int>> functional_clusters(const std::string& input, uint64_t seed) {
  std::string error;
  if (detectInputFormat(input, error) != InputFormat::NetworkFile)
    return std::nullopt;
  try {
    io::NetworkFile file = io::read_network_file(input);
    // One thread, as `gyrus analyze` runs by default: OpenMP threads only spin here.
    Eigen::setNbThreads(1);
    analysis::AnalysisOptions options;
    options.seed = seed;
    return analysis::analyze(file, options).unit_labels;
  } catch (const std::exception& e) {
    spdlog::warn("{}: no functional clusters for the figures: {}", input, e.what());
    return std::nullopt;
  }
}

/// What plot_placement.py draws: the shown population's layout and cluster labels, and
/// per strategy its cores there, core coordinates, link loads and costs.
nlohmann::json figure_data(const mapping::MappingNetwork& network,
                           const target::TargetDescription& target,
                           const std::vector<StrategyRow>& rows, const std::vector<double>& rates,
                           const std::optional<std::vector<int>>& clusters,
                           const std::string& title) {
  const int32_t shown = shown_population(network);
  const mapping::Population& population = network.populations[shown];
  // Neurons with no synapse left after quantization play no part: drawn faded.
  std::vector<bool> connected(network.num_neurons(), false);
  for (int32_t n = 0; n < network.num_neurons(); ++n)
    for (int64_t s = network.out_indptr[n]; s < network.out_indptr[n + 1]; ++s) {
      connected[n] = true;
      connected[network.out_targets[s]] = true;
    }
  nlohmann::json x = nlohmann::json::array(), y = nlohmann::json::array(),
                 active = nlohmann::json::array();
  const int32_t side = static_cast<int32_t>(std::ceil(std::sqrt(population.count)));
  for (int32_t i = 0; i < population.count; ++i) {
    // Without positions, neurons are laid out in index order on a square.
    x.push_back(population.has_positions() ? population.positions[i][0] : i % side);
    y.push_back(population.has_positions() ? population.positions[i][1] : i / side);
    active.push_back(static_cast<bool>(connected[population.first + i]));
  }
  nlohmann::json data = {
      {"title", title},
      {"target", target.name},
      {"mesh",
       {{"chips", target.mesh.chips},
        {"cols", target.mesh.cols},
        {"rows", target.mesh.rows},
        {"cores_per_tile", target.mesh.cores_per_tile}}},
      {"layout",
       {{"population", population.name},
        {"positions", population.has_positions()},
        {"x", x},
        {"y", y},
        {"active", active}}},
      {"uniform_rates", std::all_of(rates.begin(), rates.end(), [](double r) { return r == 1; })}};
  if (clusters && static_cast<int32_t>(clusters->size()) == population.count)
    data["clusters"] = *clusters;
  const int64_t columns = static_cast<int64_t>(target.mesh.chips) * target.mesh.cols;
  nlohmann::json strategies = nlohmann::json::array();
  for (const StrategyRow& row : rows) {
    nlohmann::json entry = row_json(row);
    entry.erase("seconds"); // keep the data file reproducible
    entry["name"] = row_name(row);
    if (row.error.empty()) {
      entry["core_of_neuron"] =
          std::vector<int32_t>(row.partition_result.core_of_neuron.begin() + population.first,
                               row.partition_result.core_of_neuron.begin() + population.end());
      nlohmann::json coords = nlohmann::json::array();
      for (const mapping::CoreCoord& c : row.placement_result.coord_of_core)
        coords.push_back({c.chip, c.x, c.y, c.slot});
      entry["core_coords"] = coords;
      const mapping::LinkLoads loads =
          mapping::link_loads(network, row.partition_result, row.placement_result, target, rates);
      // [direction][row][column] of the wide mesh, flits per step.
      nlohmann::json links = nlohmann::json::object();
      const std::pair<const char*, mapping::Direction> directions[] = {
          {"east", mapping::Direction::east},
          {"west", mapping::Direction::west},
          {"north", mapping::Direction::north},
          {"south", mapping::Direction::south}};
      for (const auto& [name, direction] : directions) {
        nlohmann::json grid = nlohmann::json::array();
        for (int32_t r = 0; r < target.mesh.rows; ++r) {
          nlohmann::json line = nlohmann::json::array();
          for (int64_t column = 0; column < columns; ++column)
            line.push_back(loads.flits({static_cast<int32_t>(column / target.mesh.cols),
                                        static_cast<int32_t>(column % target.mesh.cols), r},
                                       direction));
          grid.push_back(line);
        }
        links[name] = grid;
      }
      entry["links"] = links;
    }
    strategies.push_back(entry);
  }
  data["strategies"] = strategies;
  return data;
}

void write_figures(const PlaceCompareCommand& cmd, const nlohmann::json& data,
                   nlohmann::json& result) {
  const fs::path dir(cmd.figures);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw UsageError("--figures: cannot create directory '" + cmd.figures +
                     "': " + (ec ? ec.message() : "a file is in the way"));
  const fs::path path = dir / "placement.json";
  try {
    io::write_atomically(path, [&](const fs::path& tmp) {
      std::ofstream out(tmp);
      out << data.dump(1) << '\n';
      if (!out.flush())
        throw std::runtime_error("write failed");
    });
  } catch (const std::exception& e) {
    throw UsageError("--figures: cannot write '" + path.string() + "': " + e.what());
  }
  const fs::path script = script_path("plot_placement.py");
  const ProcessResult plot =
      run_process({python_interpreter(), script.string(), path.string(), "--out", dir.string()});
  if (plot.exit_code != 0)
    throw UsageError("--figures: plot_placement.py failed: " + last_line(plot.output));
  nlohmann::json figures = {{"data", path.string()}};
  for (const char* name : kFigures)
    figures[fs::path(name).stem().string()] = (dir / name).string();
  result["figures"] = figures;
}

void run_place_compare(const PlaceCompareCommand& cmd, const GlobalOptions& global) {
  const std::vector<mapping::PartitionStrategy> strategies = parse_strategies(cmd.strategies);
  std::optional<mapping::PlacementStrategy> placement;
  if (!cmd.placement.empty()) {
    try {
      placement = mapping::parse_placement_strategy(cmd.placement);
    } catch (const mapping::MappingError&) {
      throw UsageError("--placement: '" + cmd.placement +
                       "' is not a placement strategy; use spatial, linear, random, hilbert or "
                       "anneal");
    }
  }
  if (!cmd.figures.empty()) {
    std::error_code ec;
    if (fs::exists(cmd.figures, ec) && !fs::is_directory(cmd.figures, ec))
      throw UsageError("--figures: '" + cmd.figures + "' exists and is not a directory");
    check_plotting(python_interpreter(), script_path("plot_placement.py"));
  }
  if (!cmd.simulate.empty() && !cmd.rates.empty())
    throw UsageError("--simulate compiles each strategy as `gyrus compile` does, with uniform "
                     "rates; drop --rates, or compare without --simulate");
  std::string error;
  std::optional<target::TargetDescription> target = tryResolveTarget(cmd.target, error);
  if (!target)
    throw UsageError("--target: cannot load '" + cmd.target + "': " + error);

  // The front end of `gyrus compile`: import, target checks, quantization. Strategies
  // are compared on the quantized network, whose zero mantissas are no synapses.
  gyrus::CompileOptions options;
  options.target = cmd.target;
  options.emit = EmitStage::Quantized;
  mlir::MLIRContext context;
  context.disableMultithreading();
  DiagnosticCollector diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = loadNetwork(cmd.input, options, &context);
  if (!module)
    diagnostics.fail(cmd.input + ": cannot load the network");
  if (mlir::failed(runCompilePipeline(*module, options)))
    diagnostics.fail(cmd.input + ": compilation failed");
  snn::NetworkOp network_op = *module->getOps<snn::NetworkOp>().begin();
  mlir::FailureOr<ExtractedNetwork> extracted = mlir::failure();
  try {
    extracted = extractMappingNetwork(network_op);
  } catch (const mapping::MappingError& e) {
    throw UsageError(cmd.input + ": " + e.what());
  }
  if (mlir::failed(extracted))
    diagnostics.fail(cmd.input + ": cannot read the network's arrays");
  const mapping::MappingNetwork& network = extracted->network;
  const std::vector<double> rates = read_rates(cmd.rates, network);

  std::vector<StrategyRow> rows;
  for (mapping::PartitionStrategy strategy : strategies) {
    rows.push_back(run_strategy(network, *target, strategy,
                                placement.value_or(default_placement(strategy)), global.seed,
                                rates));
    spdlog::debug("{}: {:.2f} s", row_name(rows.back()), rows.back().seconds);
  }
  if (!cmd.simulate.empty()) {
    StimulusOptions stimulus;
    stimulus.task = cmd.simulate;
    stimulus.trials = cmd.sim_trials;
    stimulus.seed = global.seed;
    for (StrategyRow& row : rows) {
      if (!row.error.empty())
        continue;
      options.partition = std::string(mapping::to_string(row.partition));
      options.placement = std::string(mapping::to_string(row.placement));
      options.seed = global.seed;
      spdlog::debug("simulating {} on {}", cmd.simulate, row_name(row));
      const SimulatedCost cost = simulate_mapping(*module, options, stimulus, diagnostics);
      row.cycles_per_step = cost.cycles_per_step;
      row.energy_per_step_pj = cost.energy_per_step_pj;
    }
  }
  if (std::all_of(rows.begin(), rows.end(), [](const StrategyRow& r) { return !r.error.empty(); }))
    throw UsageError(fmt::format("{}: no strategy fits target '{}': {}: {}", cmd.input,
                                 target->name, row_name(rows.front()), rows.front().error));

  const std::string name = network_op.getSymName().str();
  nlohmann::json result = {
      {"input", cmd.input},
      {"network", name},
      {"target", target->name},
      {"target_cores", target->mesh.cores()},
      {"seed", global.seed},
      {"rates", cmd.rates.empty() ? nlohmann::json("uniform") : nlohmann::json(cmd.rates)},
      {"simulated", cmd.simulate.empty() ? nlohmann::json(nullptr)
                                         : nlohmann::json({{"task", cmd.simulate},
                                                           {"trials_per_task", cmd.sim_trials}})},
      {"neurons", network.num_neurons()},
      {"synapses", network.num_synapses()}};
  nlohmann::json entries = nlohmann::json::array();
  for (const StrategyRow& row : rows)
    entries.push_back(row_json(row));
  result["strategies"] = entries;
  if (!cmd.figures.empty()) {
    std::optional<std::vector<int>> clusters = functional_clusters(cmd.input, global.seed);
    write_figures(cmd,
                  figure_data(network, *target, rows, rates, clusters,
                              fmt::format("{} on {}", name, target->name)),
                  result);
  }
  if (global.json) {
    print_json(result);
    return;
  }
  print_table(rows, fmt::format("{}: network @{}, {} neurons, {} synapses after quantization, "
                                "target {} ({} cores), {} rates, seed {}",
                                cmd.input, name, network.num_neurons(), network.num_synapses(),
                                target->name, target->mesh.cores(),
                                cmd.rates.empty() ? "uniform" : cmd.rates, global.seed));
  if (!cmd.figures.empty())
    std::cout << fmt::format("figures and data in {}\n", cmd.figures);
}

} // namespace

void register_place_compare_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<PlaceCompareCommand>();
  CLI::App* compare = app.add_subcommand(
      "place-compare", "Map one network with several partition and placement strategies and "
                       "compare them under one cost model (docs/mapping.md)");
  compare->add_option("input", cmd->input, "Network file, NIR graph or snn IR")->required();
  compare
      ->add_option("--target", cmd->target,
                   "Chip: a preset (loihi1, loihi2, mini) or a JSON description")
      ->required();
  compare
      ->add_option("--strategies", cmd->strategies,
                   "Comma-separated partition strategies to compare")
      ->capture_default_str();
  compare->add_option("--placement", cmd->placement,
                      "Placement for every strategy (default: the partition strategy's "
                      "namesake; spatial for metis)");
  compare->add_option("--rates", cmd->rates,
                      "JSON {\"rates\": {\"<population>\": [spikes per step, ...]}} "
                      "(default: 1 per neuron)");
  compare->add_option("--figures", cmd->figures,
                      "Also draw placement_{cores,link_load,costs}.png and their data "
                      "(placement.json) into this directory");
  compare
      ->add_option("--simulate", cmd->simulate,
                   "Also compile each strategy to an image and run it in the cycle-accurate "
                   "simulator on this task's test trials (or 'all' tasks), adding measured "
                   "cycles and energy per step")
      ->check(CLI::Validator(
          [](const std::string& value) {
            return value.empty() ? std::string("must name a task or 'all'") : std::string();
          },
          "TASK|all"));
  compare->add_option("--sim-trials", cmd->sim_trials, "Test trials per task for --simulate")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  compare->callback([cmd, &global] { run_place_compare(*cmd, global); });
}

} // namespace gyrus::cli
