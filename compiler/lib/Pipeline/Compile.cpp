//===- Compile.cpp - the `gyrus compile` pipeline, as a library -------------===//

#include "gyrus/Pipeline/Compile.h"

#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Import/NIR.h"
#include "gyrus/Import/NetworkFile.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Target/Image/EmitImage.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "targets/synapse_encoding.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
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
  if (name == "chip")
    return EmitStage::Chip;
  if (name == "image")
    return EmitStage::Image;
  return std::nullopt;
}

llvm::StringRef emitStageName(EmitStage stage) {
  switch (stage) {
  case EmitStage::SNN:
    return "snn";
  case EmitStage::Quantized:
    return "quantized";
  case EmitStage::Chip:
    return "chip";
  case EmitStage::Image:
    return "image";
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

/// "sha256:<hex>" of the file's bytes, or nullopt if it cannot be read.
static std::optional<std::string> sourceHash(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    return std::nullopt;
  llvm::SHA256 sha;
  sha.update(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
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

/// The file's bytes, then its terminating NUL and the lexer guard (Compile.h).
static std::unique_ptr<llvm::MemoryBuffer>
readGuarded(llvm::StringRef path, std::unique_ptr<llvm::WritableMemoryBuffer>& storage) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return nullptr;
  llvm::StringRef bytes = (*file)->getBuffer();
  storage = llvm::WritableMemoryBuffer::getNewUninitMemBuffer(bytes.size() + 1 + kLexerGuard, path);
  if (!storage)
    return nullptr;
  char* data = storage->getBufferStart();
  std::memcpy(data, bytes.data(), bytes.size());
  data[bytes.size()] = '\0';
  std::memset(data + bytes.size() + 1, kLexerGuardByte, kLexerGuard);
  return llvm::MemoryBuffer::getMemBuffer(llvm::StringRef(data, bytes.size()), path,
                                          /*RequiresNullTerminator=*/true);
}

static OwningOpRef<ModuleOp> loadMLIR(llvm::StringRef path, MLIRContext* context) {
  std::unique_ptr<llvm::WritableMemoryBuffer> storage; // outlives the parse
  std::unique_ptr<llvm::MemoryBuffer> buffer = readGuarded(path, storage);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0)) << "cannot read the file";
    return nullptr;
  }
  return parseNetwork(std::move(buffer), context);
}

OwningOpRef<ModuleOp> parseNetwork(std::unique_ptr<llvm::MemoryBuffer> guarded,
                                   MLIRContext* context) {
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(guarded), llvm::SMLoc());
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
  if (std::optional<std::string> hash = sourceHash(path))
    for (auto network : module->getOps<snn::NetworkOp>())
      if (!network->hasAttr("gyrus.source_hash"))
        network->setAttr("gyrus.source_hash", StringAttr::get(context, *hash));
  return module;
}

LogicalResult runCompilePipeline(ModuleOp module, const CompileOptions& options,
                                 nlohmann::json* networkSummary) {
  PassManager front(module.getContext());
  addCompilePipeline(front, options.target, options.emit != EmitStage::SNN, options.fracBits);
  if (failed(front.run(module)))
    return failure();
  if (networkSummary)
    *networkSummary = summarizeNetwork(module);
  if (options.emit == EmitStage::SNN || options.emit == EmitStage::Quantized)
    return success();
  PassManager back(module.getContext());
  BackendOptions backend;
  backend.target = options.target;
  backend.partition = options.partition;
  backend.placement = options.placement;
  backend.seed = options.seed;
  backend.minCores = options.minCores;
  addBackendPipeline(back, backend);
  return back.run(module);
}

FailureOr<image::Image> emitModuleImage(ModuleOp module, const CompileOptions& options) {
  auto chips = module.getOps<chip::ChipOp>();
  if (std::distance(chips.begin(), chips.end()) != 1)
    return emitError(module.getLoc()) << "expected exactly one chip.chip in the module";
  chip::ChipOp chip = *chips.begin();
  std::string error;
  std::optional<target::TargetDescription> target = tryResolveTarget(options.target, error);
  if (!target)
    return chip.emitError() << "cannot load target '" << options.target << "': " << error;
  return emitImage(chip, *target, imageMetadata(chip));
}

LogicalResult emitImageFile(ModuleOp module, const CompileOptions& options, llvm::StringRef path) {
  FailureOr<image::Image> image = emitModuleImage(module, options);
  if (failed(image))
    return failure();
  // Errors are reported on the chip, as emitModuleImage's are.
  return writeImageFile(*module.getOps<chip::ChipOp>().begin(), *image, path);
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

namespace {

/// Bits of synapse memory of one block, as the chip verifier counts them.
int64_t synapseBits(chip::SynapsesOp block, chip::ChipOp chip) {
  std::optional<std::vector<int64_t>> starts = readIntegers(block.getIndptr());
  std::optional<std::vector<int64_t>> compartments = readIntegers(block.getCompartments());
  if (!starts || !compartments)
    return 0;
  int64_t maxDelay = 0, maxIndex = 0;
  if (std::optional<ElementsAttr> delays = block.getDelays())
    if (std::optional<std::vector<int64_t>> values = readIntegers(*delays))
      for (int64_t delay : *values)
        maxDelay = std::max(maxDelay, delay);
  for (int64_t index : *compartments)
    maxIndex = std::max(maxIndex, index);
  chip::SynapseEncodingAttr attr = chip.getEncoding();
  target::SynapseEncoding encoding;
  encoding.word_bits = static_cast<int>(attr.getWordBits());
  encoding.group_size = static_cast<int>(attr.getGroupSize());
  encoding.group_header_bits = static_cast<int>(attr.getGroupHeaderBits());
  encoding.min_index_bits = static_cast<int>(attr.getMinIndexBits());
  int indexBits = target::synapse_index_bits(encoding, maxIndex);
  int delayBits = target::synapse_delay_bits(maxDelay);
  int64_t bits = 0;
  for (size_t axon = 0; axon + 1 < starts->size(); ++axon)
    bits += target::synapse_axon_bits(encoding, (*starts)[axon + 1] - (*starts)[axon],
                                      static_cast<int>(chip.getLimits().getWeightBits()), delayBits,
                                      indexBits);
  return bits;
}

nlohmann::json usage(int64_t used, int64_t limit) {
  return {{"used", used},
          {"limit", limit},
          {"fraction", limit > 0 ? static_cast<double>(used) / static_cast<double>(limit) : 0.0}};
}

} // namespace

nlohmann::json summarizeChip(ModuleOp module) {
  nlohmann::json result = nlohmann::json::object();
  for (auto chip : module.getOps<chip::ChipOp>()) {
    chip::CoreLimitsAttr limits = chip.getLimits();
    nlohmann::json cores = nlohmann::json::array();
    for (auto core : chip.getBody()->getOps<chip::CoreOp>()) {
      nlohmann::json entry = {{"id", core.getId()}};
      if (std::optional<chip::CoordAttr> coord = core.getCoord())
        entry["coord"] = {coord->getChip(), coord->getX(), coord->getY(), coord->getCore()};
      std::vector<std::string> populations;
      for (auto group : core.getBody()->getOps<chip::CompartmentsOp>())
        if (llvm::find(populations, group.getPopulation().str()) == populations.end())
          populations.push_back(group.getPopulation().str());
      int64_t synapses = 0, bits = 0, outAxons = 0;
      for (auto block : core.getBody()->getOps<chip::SynapsesOp>()) {
        synapses += block.getWeights().getNumElements();
        bits += synapseBits(block, chip);
      }
      for (auto table : core.getBody()->getOps<chip::AxonsOp>())
        outAxons += table.getCores().getNumElements();
      entry["populations"] = populations;
      entry["synapses"] = synapses;
      entry["compartments"] = usage(core.getNumCompartments(), limits.getCompartments());
      entry["in_axons"] = usage(core.getNumInAxons(), limits.getInAxons());
      entry["out_axons"] = usage(outAxons, limits.getOutAxons());
      entry["synapse_bits"] = usage(bits, limits.getSynapseBits());
      cores.push_back(entry);
    }
    int64_t routes = 0;
    for (auto route : chip.getBody()->getOps<chip::RouteOp>())
      routes += static_cast<int64_t>(route.getPath().size() / 3 > 0);
    result["chip"] = chip.getSymName().str();
    result["cores"] = static_cast<int64_t>(cores.size());
    result["routes"] = routes;
    result["core_utilisation"] = cores;
    for (StringRef stage : {"partition", "placement"})
      if (auto options = chip->getAttrOfType<DictionaryAttr>(("gyrus." + stage).str()))
        result[stage.str()] = toJson(options);
  }
  return result;
}

} // namespace gyrus
