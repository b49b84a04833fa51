//===- Compile.cpp - the `gyrus compile` pipeline, as a library -------------===//

#include "gyrus/Pipeline/Compile.h"

#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Import/NIR.h"
#include "gyrus/Import/NetworkFile.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/SourceMgr.h"

#include <H5Cpp.h>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace mlir;

namespace gyrus {

std::optional<EmitStage> parseEmitStage(llvm::StringRef name) {
  if (name == "snn")
    return EmitStage::SNN;
  if (name == "quantized")
    return EmitStage::Quantized;
  return std::nullopt;
}

llvm::StringRef emitStageName(EmitStage stage) {
  switch (stage) {
  case EmitStage::SNN:
    return "snn";
  case EmitStage::Quantized:
    return "quantized";
  }
  return "";
}

llvm::StringRef inputFormatName(InputFormat format) {
  switch (format) {
  case InputFormat::NetworkFile:
    return "network file";
  case InputFormat::NIR:
    return "NIR";
  case InputFormat::MLIR:
    return "MLIR";
  }
  return "";
}

namespace {

/// HDF5's signature sits at offset 0 (or at 512, 1024, ... after a user block, which
/// neither h5py nor gyrus writes).
constexpr char kHdf5Signature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};

bool hasRootMember(const std::string& path, const char* name) {
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    return file.nameExists(name);
  } catch (const H5::Exception&) {
    return false;
  }
}

} // namespace

std::optional<InputFormat> detectInputFormat(llvm::StringRef path, std::string& error) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path.str(), ec)) {
    error = path.str() + ": no such file";
    return std::nullopt;
  }
  std::ifstream in(path.str(), std::ios::binary);
  char head[sizeof kHdf5Signature] = {};
  if (!in.read(head, sizeof head) && !in.eof()) {
    error = path.str() + ": cannot read";
    return std::nullopt;
  }
  if (std::memcmp(head, kHdf5Signature, sizeof head) != 0)
    return InputFormat::MLIR;
  if (hasRootMember(path.str(), "node"))
    return InputFormat::NIR;
  if (hasRootMember(path.str(), "weights"))
    return InputFormat::NetworkFile;
  error = path.str() +
          ": an HDF5 file that is neither a gyrus network file (no /weights) nor NIR (no /node)";
  return std::nullopt;
}

/// The network's name: the file name without its format suffixes.
static std::string networkName(llvm::StringRef path) {
  std::string name = std::filesystem::path(path.str()).filename().string();
  for (llvm::StringRef suffix : {".gnet.h5", ".nir", ".h5", ".mlirbc", ".mlir"})
    if (llvm::StringRef(name).ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  return name;
}

static OwningOpRef<ModuleOp> loadNetworkFile(llvm::StringRef path, MLIRContext* context) {
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  io::NetworkFile file;
  try {
    file = io::read_network_file(path.str());
  } catch (const std::exception& e) {
    emitError(loc) << e.what();
    return nullptr;
  }
  return importNetworkFile(file, networkName(path), loc);
}

static OwningOpRef<ModuleOp> loadMLIR(llvm::StringRef path, MLIRContext* context) {
  llvm::SourceMgr sourceMgr;
  std::string includedPath;
  if (!sourceMgr.AddIncludeFile(path.str(), llvm::SMLoc(), includedPath)) {
    emitError(FileLineColLoc::get(context, path, 0, 0)) << "cannot read the file";
    return nullptr;
  }
  ParserConfig config(context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (!module)
    return nullptr;
  auto networks = module->getOps<snn::NetworkOp>();
  if (std::distance(networks.begin(), networks.end()) != 1) {
    emitError(module->getLoc()) << "expected exactly one snn.network in the module";
    return nullptr;
  }
  return module;
}

OwningOpRef<ModuleOp> loadNetwork(llvm::StringRef path, const CompileOptions& options,
                                  MLIRContext* context) {
  context->loadDialect<snn::SNNDialect, chip::ChipDialect>();
  std::string error;
  std::optional<InputFormat> format = detectInputFormat(path, error);
  if (!format) {
    emitError(UnknownLoc::get(context)) << error;
    return nullptr;
  }
  OwningOpRef<ModuleOp> module;
  switch (*format) {
  case InputFormat::NetworkFile:
    module = loadNetworkFile(path, context);
    break;
  case InputFormat::NIR: {
    NIRImportOptions nirOptions;
    nirOptions.dt = options.nirDt;
    module = importNIR(path, nirOptions, context);
    break;
  }
  case InputFormat::MLIR:
    module = loadMLIR(path, context);
    break;
  }
  if (!module || failed(verify(*module)))
    return nullptr;
  return module;
}

LogicalResult runCompilePipeline(ModuleOp module, const CompileOptions& options) {
  PassManager pm(module.getContext());
  addCompilePipeline(pm, options.target, options.emit == EmitStage::Quantized, options.fracBits);
  return pm.run(module);
}

namespace {

int64_t numSynapses(snn::ProjectionOp projection) {
  auto weights = projection.getWeights();
  return weights.getNumElements();
}

nlohmann::json toJson(Attribute attr) {
  if (auto real = dyn_cast<FloatAttr>(attr))
    return real.getValueAsDouble();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return integer.getValue().getSExtValue();
  if (auto dict = dyn_cast<DictionaryAttr>(attr)) {
    nlohmann::json object = nlohmann::json::object();
    for (NamedAttribute entry : dict)
      object[entry.getName().str()] = toJson(entry.getValue());
    return object;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return text;
}

} // namespace

nlohmann::json summarizeNetwork(ModuleOp module) {
  nlohmann::json result;
  for (auto network : module.getOps<snn::NetworkOp>()) {
    result["network"] = network.getSymName().str();
    nlohmann::json populations = nlohmann::json::array();
    nlohmann::json projections = nlohmann::json::array();
    int64_t neurons = 0, synapses = 0;
    for (Operation& op : network.getBodyRegion().front()) {
      if (auto population = dyn_cast<snn::PopulationOp>(op)) {
        nlohmann::json entry = {{"name", population.getSymName().str()},
                                {"size", population.getSize()},
                                {"model", snn::stringifyNeuronModel(population.getModel()).str()},
                                {"quantized", population.getFixedParams().has_value()}};
        if (Attribute report = population->getAttr("gyrus.quantization"))
          entry["quantization"] = toJson(report);
        neurons += population.getSize();
        populations.push_back(entry);
      } else if (auto projection = dyn_cast<snn::ProjectionOp>(op)) {
        nlohmann::json entry = {
            {"name", projection.getSymName().str()},  {"source", projection.getSource().str()},
            {"target", projection.getTarget().str()}, {"sparse", projection.isSparse()},
            {"synapses", numSynapses(projection)},    {"quantized", projection.isQuantized()}};
        if (Attribute report = projection->getAttr("gyrus.quantization"))
          entry["quantization"] = toJson(report);
        synapses += numSynapses(projection);
        projections.push_back(entry);
      }
    }
    result["populations"] = populations;
    result["projections"] = projections;
    result["neurons"] = neurons;
    result["synapses"] = synapses;
  }
  return result;
}

} // namespace gyrus
