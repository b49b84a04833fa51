// `gyrus sim IMAGE`: runs a deployment image on the cycle-accurate chip simulator (or, with
// --engine ref, on the integer reference, which has the same function and no timing) and
// reports what each step cost on the target: cycles and time, packets, hops, synaptic ops,
// energy, per core. Inputs come from a file, a task's test trials (then the task
// performance too) or a seeded random drive (tools/gyrus/stimulus.h). --trace keeps every
// step in an HDF5 file; --figures draws it with scripts/plot_raster.py and
// scripts/plot_core_activity.py.
#include "runtime/image/image_error.h"
#include "runtime/image/loader.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"
#include "tools/gyrus/child_processes.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "tools/gyrus/sim_trace.h"
#include "tools/gyrus/stimulus.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fmt/core.h>
#include <iostream>
#include <optional>

namespace gyrus::cli {
namespace {

namespace fs = std::filesystem;

struct SimCommand {
  std::string image;
  StimulusOptions stimulus;
  std::string engine = "sim";
  std::string trace;
  std::vector<std::string> probes;
  std::string figures;
  unsigned threads = 1;
};

/// The scripts --figures runs, and the figure each writes into the directory.
constexpr std::array<std::pair<const char*, const char*>, 2> kFigures{
    {{"plot_raster.py", "raster.png"}, {"plot_core_activity.py", "core_activity.png"}}};

/// The most a trace may keep in memory before it is written: a longer run is refused before
/// it starts, not killed for memory at its end.
constexpr int64_t kMaxTraceBytes = int64_t{4} << 30;

/// About what Recorder keeps per step for the trace: a probe's fields are known only once
/// it ran, so each probed neuron counts the most any model has (3 fields) and its output.
int64_t trace_bytes_per_step(const image::Image& image, const std::vector<Probe>& probes,
                             bool timed) {
  int64_t outputs = 0;
  for (const image::OutputMap& port : image.outputs)
    outputs += static_cast<int64_t>(port.neurons.size());
  const auto cores = static_cast<int64_t>(image.cores.size());
  int64_t bytes = 4 + 8 + 8 * outputs + 4 * cores + (timed ? 5 * 8 + 4 * cores : 0);
  for (const Probe& probe : probes)
    bytes += static_cast<int64_t>(probe.size()) * 4 * 8;
  return bytes;
}

/// One of the two engines behind one interface: both take ReferenceNetwork's host input
/// and give its outputs and probes; only the simulator has timing and event counters.
class Engine {
public:
  Engine(const image::Image& image, bool timed, unsigned threads) {
    if (timed)
      chip_.emplace(image, sim::SimulatorOptions{sim::MeshModel::EventDriven, threads});
    else
      reference_.emplace(image);
  }

  bool timed() const { return chip_.has_value(); }
  sim::ChipSimulator& chip() { return *chip_; }
  /// The last step's result so far (the simulator only): valid until the next step or reset.
  const sim::StepResult& last() const { return *last_; }

  void reset() {
    if (chip_)
      chip_->reset();
    else
      reference_->reset();
  }

  /// The simulator's steps are pipelined (ChipSimulator::advance): last() has the step's
  /// function and counts at once, its cycles come later through take_timed().
  const sim::HostOutputs& step(const ref::HostInput& input) {
    if (chip_) {
      last_ = &chip_->advance(input);
      return chip_->outputs();
    }
    reference_->step(input);
    return reference_->outputs();
  }
  /// The steps whose mesh has run since the last call, in step order; finish() first runs
  /// the last step's.
  std::vector<sim::StepResult> take_timed(bool finish) {
    if (!chip_)
      return {};
    if (finish)
      chip_->finish();
    return chip_->take_results();
  }

  ref::CompartmentState state(uint32_t core, uint32_t compartment) const {
    return chip_ ? chip_->state(core, compartment) : reference_->state(core, compartment);
  }
  int64_t output(uint32_t core, uint32_t compartment) const {
    return chip_ ? chip_->output(core, compartment) : reference_->output(core, compartment);
  }

private:
  std::optional<sim::ChipSimulator> chip_;
  std::optional<ref::ReferenceNetwork> reference_;
  const sim::StepResult* last_ = nullptr;
};

/// Reads, after each step, what the summary and the trace need.
class Recorder {
public:
  Recorder(const image::Image& image, Engine& engine, std::vector<Probe> probes, bool keep_trace)
      : image_(image), engine_(engine), keep_trace_(keep_trace),
        core_spikes_(image.cores.size(), 0), previous_(image.cores.size()) {
    recording_.timed = engine.timed();
    recording_.probes = std::move(probes);
  }

  void start_trial(int trial) { trial_ = trial; }

  void record(const sim::HostOutputs& outputs) {
    SimRecording& r = recording_;
    r.trial.push_back(trial_);
    int64_t spikes = 0;
    std::vector<int32_t> core_spikes(image_.cores.size(), 0), core_ops(image_.cores.size(), 0);
    if (engine_.timed()) {
      const sim::StepResult& step = engine_.last();
      r.cycles.push_back(0); // known once the step's mesh has run: record_timing
      r.packets.push_back(static_cast<int64_t>(step.events.packets_sent));
      r.hops.push_back(static_cast<int64_t>(step.events.hops()));
      r.synaptic_ops.push_back(static_cast<int64_t>(step.events.synaptic_ops));
      r.energy_pj.push_back(step.energy.total_pj());
      spikes = static_cast<int64_t>(step.events.spikes);
      // The simulator counts per core over the run; a step's share is the difference.
      for (size_t c = 0; c < image_.cores.size(); ++c) {
        const sim::EventCounts& now = engine_.chip().core_events(static_cast<uint32_t>(c));
        core_spikes[c] = static_cast<int32_t>(now.spikes - previous_[c].spikes);
        core_ops[c] = static_cast<int32_t>(now.synaptic_ops - previous_[c].synaptic_ops);
        previous_[c] = now;
      }
    } else {
      // The reference counts nothing: a compartment sent when its output is non-zero and
      // it is no linear readout (which never sends).
      for (size_t c = 0; c < image_.cores.size(); ++c)
        for (const image::CompartmentGroup& group : image_.cores[c].groups) {
          if (std::holds_alternative<image::LinearParams>(group.params))
            continue;
          for (uint32_t k = group.first; k < group.end(); ++k)
            core_spikes[c] += engine_.output(static_cast<uint32_t>(c), k) != 0;
        }
      for (int32_t n : core_spikes)
        spikes += n;
    }
    r.spikes.push_back(spikes);
    for (size_t c = 0; c < core_spikes.size(); ++c)
      core_spikes_[c] += core_spikes[c];
    if (!keep_trace_)
      return;
    for (const std::vector<int64_t>& port : outputs)
      r.output_raw.insert(r.output_raw.end(), port.begin(), port.end());
    r.core_spikes.insert(r.core_spikes.end(), core_spikes.begin(), core_spikes.end());
    if (engine_.timed())
      r.core_synaptic_ops.insert(r.core_synaptic_ops.end(), core_ops.begin(), core_ops.end());
    for (Probe& probe : r.probes)
      record_probe(probe);
  }

  /// The cycles of the next recorded step whose mesh has run.
  void record_timing(const sim::StepResult& step) {
    recording_.cycles.at(static_cast<size_t>(timed_steps_++)) = step.timing.cycles;
  }

  const SimRecording& recording() const { return recording_; }
  /// Compartments that sent, per core, over the run.
  const std::vector<int64_t>& core_spikes() const { return core_spikes_; }

private:
  void record_probe(Probe& probe) {
    for (size_t i = 0; i < probe.size(); ++i) {
      if (probe.core[i] < 0) {
        for (std::vector<int64_t>& values : probe.values)
          values.push_back(0);
        probe.output.push_back(0);
        continue;
      }
      const auto core = static_cast<uint32_t>(probe.core[i]);
      const auto compartment = static_cast<uint32_t>(probe.compartment[i]);
      const auto fields = ref::state_fields(engine_.state(core, compartment));
      if (probe.fields.empty())
        for (const auto& [name, value] : fields)
          probe.fields.emplace_back(name);
      probe.values.resize(fields.size());
      for (size_t f = 0; f < fields.size(); ++f)
        probe.values[f].push_back(fields[f].second);
      probe.output.push_back(engine_.output(core, compartment));
    }
  }

  const image::Image& image_;
  Engine& engine_;
  bool keep_trace_;
  SimRecording recording_;
  int trial_ = 0;
  int64_t timed_steps_ = 0;
  std::vector<int64_t> core_spikes_;
  std::vector<sim::EventCounts> previous_;
};

template <typename T> nlohmann::json series(const std::vector<T>& values) {
  double sum = 0;
  T max = 0;
  for (T v : values) {
    sum += static_cast<double>(v);
    max = std::max(max, v);
  }
  const double mean = values.empty() ? 0.0 : sum / static_cast<double>(values.size());
  return {{"mean", mean}, {"max", max}, {"total", sum}};
}

nlohmann::json summary(const SimCommand& cmd, const image::Image& image, const Stimulus& stimulus,
                       Engine& engine, const Recorder& recorder,
                       const std::vector<TaskScore>& scores, uint64_t seed) {
  const SimRecording& r = recorder.recording();
  nlohmann::json result = {{"image", cmd.image},
                           {"network", image.metadata.network_name},
                           {"target", image.target.name},
                           {"engine", engine.timed() ? "sim" : "ref"},
                           {"source", stimulus.source},
                           {"seed", seed},
                           {"steps", r.steps()},
                           {"trials", r.trial.empty() ? 0 : r.trial.back() + 1},
                           {"clock_mhz", image.target.clock_mhz}};
  nlohmann::json per_step = {{"spikes", series(r.spikes)}};
  nlohmann::json cores = nlohmann::json::array();
  for (size_t c = 0; c < image.cores.size(); ++c) {
    const image::Coord& at = image.cores[c].coord;
    nlohmann::json core = {{"core", c}, {"chip", at.chip}, {"x", at.x},
                           {"y", at.y}, {"slot", at.core}, {"spikes", recorder.core_spikes()[c]}};
    if (engine.timed()) {
      const sim::EventCounts& e = engine.chip().core_events(static_cast<uint32_t>(c));
      core.update({{"synaptic_ops", e.synaptic_ops},
                   {"active_updates", e.active_updates},
                   {"idle_updates", e.idle_updates},
                   {"packets_sent", e.packets_sent},
                   {"packets_within_tile", e.packets_within_tile},
                   {"hops_east_west", e.hops_east_west},
                   {"hops_north_south", e.hops_north_south},
                   {"link_flits", e.link_flits},
                   {"energy_pj", sim::energy_of(e, image.target.energy).total_pj()}});
    }
    cores.push_back(core);
  }
  if (engine.timed()) {
    per_step["cycles"] = series(r.cycles);
    std::vector<double> micros;
    for (int64_t cycles : r.cycles)
      micros.push_back(static_cast<double>(cycles) / image.target.clock_mhz);
    per_step["time_us"] = series(micros);
    per_step["packets"] = series(r.packets);
    per_step["hops"] = series(r.hops);
    per_step["synaptic_ops"] = series(r.synaptic_ops);
    per_step["energy_pj"] = series(r.energy_pj);
    result["total_seconds"] = engine.chip().total_seconds();
    result["energy_estimate"] = image.target.energy.estimate;
  }
  result["per_step"] = per_step;
  result["cores"] = cores;
  if (!scores.empty()) {
    nlohmann::json tasks = nlohmann::json::array();
    double sum = 0;
    for (const TaskScore& s : scores) {
      const double performance = static_cast<double>(s.correct) / s.trials;
      sum += performance;
      tasks.push_back({{"task", s.task},
                       {"trials", s.trials},
                       {"correct", s.correct},
                       {"performance", performance}});
    }
    result["suite"] = stimulus.suite;
    result["tasks"] = tasks;
    result["mean_performance"] = sum / static_cast<double>(scores.size());
  }
  return result;
}

void print_report(const nlohmann::json& s) {
  const auto trials = s["trials"].get<int64_t>();
  std::cout << fmt::format("{}: network @{} on {}, engine {}: {} steps ({} trial{}, {})\n",
                           s["image"].get<std::string>(), s["network"].get<std::string>(),
                           s["target"].get<std::string>(), s["engine"].get<std::string>(),
                           s["steps"].get<int64_t>(), trials, trials == 1 ? "" : "s",
                           s["source"].get<std::string>());
  const nlohmann::json& per_step = s["per_step"];
  std::cout << fmt::format("  {:<14} {:>12} {:>12} {:>14}\n", "per step", "mean", "max", "total");
  const auto row = [&](const char* key, const std::string& label) {
    if (!per_step.contains(key))
      return;
    const nlohmann::json& v = per_step[key];
    std::cout << fmt::format("  {:<14} {:>12.2f} {:>12.6g} {:>14.6g}\n", label,
                             v["mean"].get<double>(), v["max"].get<double>(),
                             v["total"].get<double>());
  };
  row("cycles", "cycles");
  row("time_us", "time (us)");
  row("spikes", "spikes");
  row("packets", "packets");
  row("hops", "hops");
  row("synaptic_ops", "synaptic ops");
  row("energy_pj", "energy (pJ)");
  if (s.contains("total_seconds"))
    std::cout << fmt::format("  at {} MHz: {:.6g} s of chip time; energy {}\n",
                             s["clock_mhz"].get<double>(), s["total_seconds"].get<double>(),
                             s["energy_estimate"].get<bool>() ? "from the target's literature "
                                                                "estimates"
                                                              : "from the target's table");
  const bool timed = s["engine"] == "sim";
  std::cout << "per core over the run:\n";
  std::cout << fmt::format("  {:>4} {:>13} {:>10}", "core", "(chip,x,y,slot)", "spikes");
  if (timed)
    std::cout << fmt::format(" {:>12} {:>10} {:>10} {:>10} {:>14}", "syn ops", "packets", "hops",
                             "flits", "energy (pJ)");
  std::cout << '\n';
  for (const nlohmann::json& core : s["cores"]) {
    std::cout << fmt::format("  {:>4} {:>13} {:>10}", core["core"].get<int64_t>(),
                             fmt::format("({},{},{},{})", core["chip"].get<int64_t>(),
                                         core["x"].get<int64_t>(), core["y"].get<int64_t>(),
                                         core["slot"].get<int64_t>()),
                             core["spikes"].get<int64_t>());
    if (timed)
      std::cout << fmt::format(
          " {:>12} {:>10} {:>10} {:>10} {:>14.1f}", core["synaptic_ops"].get<uint64_t>(),
          core["packets_sent"].get<uint64_t>(),
          core["hops_east_west"].get<uint64_t>() + core["hops_north_south"].get<uint64_t>(),
          core["link_flits"].get<uint64_t>(), core["energy_pj"].get<double>());
    std::cout << '\n';
  }
  if (s.contains("tasks")) {
    std::cout << "task performance (test trials, judged as `gyrus analyze` judges them):\n";
    for (const nlohmann::json& task : s["tasks"])
      std::cout << fmt::format("  {:<18} {:.3f}  ({}/{} trials)\n", task["task"].get<std::string>(),
                               task["performance"].get<double>(), task["correct"].get<int>(),
                               task["trials"].get<int>());
    if (s["tasks"].size() > 1)
      std::cout << fmt::format("  mean performance {:.4f} over {} tasks\n",
                               s["mean_performance"].get<double>(), s["tasks"].size());
  }
  if (s.contains("trace"))
    std::cout << fmt::format("trace in {}\n", s["trace"].get<std::string>());
  if (s.contains("figures"))
    std::cout << fmt::format("figures in {}\n", s["figures"]["directory"].get<std::string>());
}

void run_sim(SimCommand cmd, const GlobalOptions& global) {
  image::Image image;
  try {
    image = image::load_image(cmd.image);
  } catch (const ImageError& e) {
    throw UsageError(e.what()); // names the file, the section and the field
  }
  // Bad paths fail here, before a long run, not after it.
  std::error_code ec;
  if (!cmd.trace.empty()) {
    const fs::path parent = fs::path(cmd.trace).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec))
      throw UsageError("--trace: directory '" + parent.string() + "' does not exist");
  }
  const std::string python = python_interpreter();
  if (!cmd.figures.empty()) {
    if (fs::exists(cmd.figures, ec) && !fs::is_directory(cmd.figures, ec))
      throw UsageError("--figures: '" + cmd.figures + "' exists and is not a directory");
    for (const auto& [script, figure] : kFigures)
      check_plotting(python, script_path(script));
    if (cmd.trace.empty()) // the directory is created once the run has succeeded
      cmd.trace = (fs::path(cmd.figures) / "trace.h5").string();
  }
  if (!cmd.probes.empty() && cmd.trace.empty())
    throw UsageError("--probe: records into the trace; give --trace FILE.h5 or --figures DIR");
  std::vector<Probe> probes = make_probes(image, cmd.probes);
  cmd.stimulus.seed = global.seed;
  const Stimulus stimulus = make_stimulus(image, cmd.stimulus);
  if (!cmd.trace.empty()) {
    const int64_t steps = total_steps(image, stimulus);
    const int64_t per_step = trace_bytes_per_step(image, probes, cmd.engine == "sim");
    if (steps > kMaxTraceBytes / per_step)
      throw UsageError(fmt::format("--trace: {} steps would keep {:.1f} GiB in memory for the "
                                   "trace, more than its limit of {} GiB; run fewer steps or "
                                   "probe fewer populations",
                                   steps, std::ldexp(static_cast<double>(steps) * per_step, -30),
                                   kMaxTraceBytes >> 30));
  }

  Engine engine(image, cmd.engine == "sim", cmd.threads);
  Recorder recorder(image, engine, std::move(probes), !cmd.trace.empty());
  Progress progress("simulating", static_cast<long>(total_steps(image, stimulus)),
                    show_progress(global));
  const DrivenNetwork network{[&engine] { engine.reset(); },
                              [&](const ref::HostInput& input) -> const sim::HostOutputs& {
                                const sim::HostOutputs& outputs = engine.step(input);
                                recorder.record(outputs);
                                for (const sim::StepResult& step : engine.take_timed(false))
                                  recorder.record_timing(step);
                                progress.advance(1);
                                return outputs;
                              }};
  const std::vector<TaskScore> scores =
      drive(image, stimulus, network, [&recorder](int trial) { recorder.start_trial(trial); });
  for (const sim::StepResult& step : engine.take_timed(true))
    recorder.record_timing(step);
  progress.finish();

  nlohmann::json result = summary(cmd, image, stimulus, engine, recorder, scores, global.seed);
  if (!cmd.trace.empty()) {
    if (!cmd.figures.empty()) {
      fs::create_directories(cmd.figures, ec);
      if (ec || !fs::is_directory(cmd.figures))
        throw UsageError("--figures: cannot create directory '" + cmd.figures +
                         "': " + (ec ? ec.message() : "a file is in the way"));
    }
    try {
      write_trace(cmd.trace, image, recorder.recording(), result);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("--trace: ") + e.what());
    }
    result["trace"] = cmd.trace;
  }
  if (!cmd.figures.empty()) {
    nlohmann::json figures = {{"directory", cmd.figures}};
    for (const auto& [script, figure] : kFigures) {
      const fs::path path = script_path(script);
      const ProcessResult plot =
          run_process({python, path.string(), cmd.trace, "--out", cmd.figures});
      if (plot.exit_code != 0)
        throw UsageError("--figures: " + std::string(script) +
                         " failed: " + last_line(plot.output));
      figures[fs::path(figure).stem().string()] = (fs::path(cmd.figures) / figure).string();
    }
    result["figures"] = figures;
  }
  if (global.json)
    print_json(result);
  else
    print_report(result);
}

} // namespace

void register_sim_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<SimCommand>();
  CLI::App* sim = app.add_subcommand(
      "sim", "Run a deployment image on the cycle-accurate chip simulator and report cycles, "
             "time, packets, hops, synaptic ops and energy per step and per core");
  sim->add_option("image", cmd->image, "Deployment image (.gimg)")->required();
  CLI::Option* steps = sim->add_option("--steps", cmd->stimulus.steps,
                                       "Steps to run: of random input (seeded by --seed), or per "
                                       "trial of --input")
                           ->check(CLI::Range(int64_t{1}, kMaxSteps));
  CLI::Option* input = sim->add_option(
      "--input", cmd->stimulus.input_file,
      "HDF5 file with a dataset 'inputs', [T, n] or [T, B, n] real values (docs/file-formats.md)");
  CLI::Option* task =
      sim->add_option("--task", cmd->stimulus.task,
                      "Run this task's noise-free test trials ('all': every task of the suite) "
                      "and report the task performance; the image must be a leaky RNN");
  sim->add_option("--suite", cmd->stimulus.suite, "Task suite (default: the one defining --task)")
      ->needs(task);
  sim->add_option("--trials", cmd->stimulus.trials,
                  "Trials per task, evenly spaced over its test grid (0: the whole grid)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20))
      ->needs(task);
  sim->add_option("--rate", cmd->stimulus.rate,
                  "Random input: chance per neuron and step of a spike (binary ports) or of a "
                  "new value in [0, 1) (graded ports)")
      ->capture_default_str();
  task->excludes(input);
  task->excludes(steps);
  sim->add_option("--engine", cmd->engine,
                  "sim: the cycle-accurate simulator; ref: the integer reference (same "
                  "function, no timing)")
      ->capture_default_str()
      ->check(CLI::IsMember({"sim", "ref"}));
  sim->add_option("--threads", cmd->threads,
                  "Threads for the simulator: the cores' phases, and a step's mesh beside the "
                  "next step's cores; any number gives the same results, and more pay off on "
                  "images of many cores and long steps")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  sim->add_option("--trace", cmd->trace, "Write every step into this HDF5 file");
  sim->add_option("--probe", cmd->probes,
                  "Record the state of this population's compartments in the trace "
                  "(repeatable; names as `gyrus compile --json` lists the populations)");
  sim->add_option("--figures", cmd->figures,
                  "Draw raster.png and core_activity.png of the trace into this directory "
                  "(the trace goes to DIR/trace.h5 unless --trace names it)");
  sim->callback([cmd, &global] { run_sim(*cmd, global); });
}

} // namespace gyrus::cli
