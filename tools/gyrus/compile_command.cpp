// `gyrus compile`: a network file, a NIR graph or snn IR through the compiler's
// pipeline, up to the stage --emit names: snn or quantized IR, the placed and routed
// chip IR, or (the default) the deployment image.
#include "gyrus/Pipeline/Compile.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "tools/gyrus/compiler_diagnostics.h"
#include "tools/gyrus/context.h"
#include "training/io/atomic_file.h"

#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <spdlog/spdlog.h>

namespace gyrus::cli {

namespace {

struct CompileCommand {
  std::string input;
  std::string target;
  std::string emit = "image";
  std::string output;
  bool bytecode = false;
  double dt = 1e-4;
  int frac_bits = 12;
  std::string partition = "spatial";
  std::string placement = "spatial";
  int cores = 0;
};

void write_module(mlir::ModuleOp module, const CompileCommand& cmd) {
  auto write = [&](llvm::raw_ostream& os) {
    if (cmd.bytecode) {
      if (mlir::failed(mlir::writeBytecodeToFile(module, os)))
        throw UsageError("cannot write MLIR bytecode");
    } else {
      module.print(os);
    }
  };
  if (cmd.output.empty() || cmd.output == "-") {
    write(llvm::outs());
    llvm::outs().flush();
    return;
  }
  try {
    io::write_atomically(cmd.output, [&](const std::filesystem::path& tmp) {
      std::error_code ec;
      llvm::raw_fd_ostream os(tmp.string(), ec);
      if (ec)
        throw UsageError("-o: cannot write '" + cmd.output + "': " + ec.message());
      write(os);
      os.close();
      if (os.has_error())
        throw UsageError("-o: cannot write '" + cmd.output + "': " + os.error().message());
    });
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    throw UsageError(std::string("-o: ") + e.what());
  }
}

void print_report(const nlohmann::json& summary, const CompileCommand& cmd) {
  std::cerr << fmt::format("{}: network @{}, {} neurons, {} synapses, target {}, emitted {}\n",
                           cmd.input, summary.value("network", ""), summary.value("neurons", 0),
                           summary.value("synapses", 0), cmd.target, cmd.emit);
  if (summary.contains("cores")) {
    std::cerr << fmt::format("  {} cores, {} routes (partition {}, placement {})\n",
                             summary["cores"].get<int64_t>(), summary.value("routes", 0),
                             cmd.partition, cmd.placement);
    for (const auto& core : summary["core_utilisation"]) {
      auto percent = [&](const char* what) { return 100.0 * core[what]["fraction"].get<double>(); };
      std::cerr << fmt::format("  core {:>3} at ({}, {}, {}, {})  {:>5} compartments {:5.1f}%  "
                               "in axons {:5.1f}%  out axons {:5.1f}%  synapse memory {:5.1f}%\n",
                               core["id"].get<int64_t>(), core["coord"][0].get<int64_t>(),
                               core["coord"][1].get<int64_t>(), core["coord"][2].get<int64_t>(),
                               core["coord"][3].get<int64_t>(),
                               core["compartments"]["used"].get<int64_t>(), percent("compartments"),
                               percent("in_axons"), percent("out_axons"), percent("synapse_bits"));
    }
  }
  for (const auto& projection : summary["projections"]) {
    if (!projection.contains("quantization"))
      continue;
    const auto& q = projection["quantization"];
    std::cerr << fmt::format("  {:<20} {:>9} synapses  weight_exp {:>3}  rel. RMS error {:.2e}  "
                             "saturated {}\n",
                             projection["name"].get<std::string>(),
                             projection["synapses"].get<int64_t>(), q.value("weight_exp", 0),
                             q.value("rel_rms", 0.0), q.value("saturated", 0));
  }
}

void run_compile(const CompileCommand& cmd, const GlobalOptions& global) {
  gyrus::CompileOptions options;
  options.target = cmd.target;
  std::optional<EmitStage> stage = parseEmitStage(cmd.emit);
  if (!stage)
    throw UsageError("--emit: '" + cmd.emit +
                     "' is not a stage; use snn, quantized, chip or image");
  options.emit = *stage;
  bool image = *stage == EmitStage::Image;
  if (image && (cmd.output.empty() || cmd.output == "-"))
    throw UsageError("--emit image writes a binary file: give -o FILE.gimg");
  if (image && cmd.bytecode)
    throw UsageError("--bytecode applies to the IR stages (--emit snn, quantized or chip)");
  if (cmd.cores < 0)
    throw UsageError("--cores: must not be negative");
  options.partition = cmd.partition;
  options.placement = cmd.placement;
  options.seed = global.seed;
  options.minCores = cmd.cores;
  if (!(std::isfinite(cmd.dt) && cmd.dt > 0))
    throw UsageError("--dt: must be a positive number of seconds");
  options.nirDt = cmd.dt;
  options.fracBits = cmd.frac_bits;
  if (global.json && (cmd.output.empty() || cmd.output == "-"))
    throw UsageError("--json prints a summary on stdout; give -o FILE for the IR");

  const auto started = std::chrono::steady_clock::now();
  mlir::MLIRContext context;
  // One thread: the passes are sequential anyway, and a thread pool costs start-up time.
  context.disableMultithreading();
  DiagnosticCollector diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = loadNetwork(cmd.input, options, &context);
  if (!module)
    diagnostics.fail(cmd.input + ": cannot load the network");
  nlohmann::json summary;
  if (mlir::failed(runCompilePipeline(*module, options, &summary)))
    diagnostics.fail(cmd.input + ": compilation failed");
  if (*stage == EmitStage::Chip || image)
    summary.update(summarizeChip(*module));

  if (image) {
    if (mlir::failed(emitImageFile(*module, options, cmd.output)))
      diagnostics.fail(cmd.output + ": cannot write the image");
  } else {
    write_module(*module, cmd);
  }
  summary["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (global.json) {
    summary["input"] = cmd.input;
    summary["target"] = cmd.target;
    summary["emit"] = cmd.emit;
    summary["output"] = cmd.output;
    print_json(summary);
  } else if (!global.quiet) {
    print_report(summary, cmd);
  }
}

} // namespace

void register_compile_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<CompileCommand>();
  CLI::App* compile = app.add_subcommand(
      "compile", "Compile a trained network (.gnet.h5), a NIR graph (.nir) or snn IR for a chip");
  compile->add_option("input", cmd->input, "Network file, NIR graph or snn IR (text or bytecode)")
      ->required();
  compile
      ->add_option("--target", cmd->target,
                   "Chip: a preset (loihi1, loihi2, mini) or a JSON "
                   "description (docs/targets.md)")
      ->required();
  compile
      ->add_option("--emit", cmd->emit,
                   "Stage to stop at: snn (imported), quantized, chip (placed and routed IR) "
                   "or image (.gimg)")
      ->capture_default_str();
  compile->add_option("-o,--output", cmd->output,
                      "Output file (default: stdout; required for the image)");
  compile->add_flag("--bytecode", cmd->bytecode, "Write MLIR bytecode instead of text");
  compile->add_option("--dt", cmd->dt, "NIR import: time step in seconds (docs/nir.md)")
      ->capture_default_str();
  compile
      ->add_option("--frac-bits", cmd->frac_bits,
                   "Fraction bits of graded state: one unit is 2^-frac-bits (docs/quantization.md)")
      ->capture_default_str()
      ->check(CLI::Range(0, 20));
  compile
      ->add_option("--partition", cmd->partition,
                   "Neurons to cores: spatial, linear, random, hilbert, metis or anneal "
                   "(docs/mapping.md); random and anneal use --seed")
      ->capture_default_str()
      ->check(CLI::IsMember({"spatial", "linear", "random", "hilbert", "metis", "anneal"}));
  compile
      ->add_option("--placement", cmd->placement,
                   "Cores to the mesh: spatial, linear, random, hilbert or anneal")
      ->capture_default_str()
      ->check(CLI::IsMember({"spatial", "linear", "random", "hilbert", "anneal"}));
  compile->add_option("--cores", cmd->cores, "Spread the network over at least this many cores")
      ->capture_default_str();
  compile->callback([cmd, &global] { run_compile(*cmd, global); });
}

} // namespace gyrus::cli
