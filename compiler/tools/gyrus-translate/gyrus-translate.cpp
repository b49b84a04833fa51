//===- gyrus-translate.cpp - import networks into the snn dialect -----------===//
//
// --import-gnet FILE.gnet.h5: the network file of `gyrus train` to snn.
// --import-nir FILE.nir [--nir-dt S]: a NIR graph (neuromorphs/NIR HDF5) to snn.
// --export-nir FILE.mlir -o OUT.nir [--nir-dt S]: a spiking snn network to NIR.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Export/NIR.h"
#include "gyrus/Import/NIR.h"
#include "gyrus/Import/NetworkFile.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <filesystem>
#include <stdexcept>

using namespace mlir;

/// HDF5 is read by path, so the translation takes the input's file name from the
/// source manager rather than the bytes mlir-translate has loaded.
static OwningOpRef<Operation*> importGnet(llvm::SourceMgr& sourceMgr, MLIRContext* context) {
  StringRef path = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBufferIdentifier();
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  if (path == "<stdin>") {
    emitError(loc) << "--import-gnet reads an HDF5 file by name; give its path, not stdin";
    return nullptr;
  }
  gyrus::io::NetworkFile file;
  try {
    file = gyrus::io::read_network_file(path.str());
  } catch (const std::exception& error) {
    emitError(loc) << error.what();
    return nullptr;
  }
  std::string name = std::filesystem::path(path.str()).filename().string();
  if (StringRef(name).ends_with(".gnet.h5"))
    name.resize(name.size() - std::string_view(".gnet.h5").size());
  OwningOpRef<ModuleOp> module = gyrus::importNetworkFile(file, name, loc);
  return module ? OwningOpRef<Operation*>(module.release()) : nullptr;
}

/// The time step of --import-nir and --export-nir. For export, a network imported from
/// NIR remembers its step (gyrus.nir_dt), which is used unless --nir-dt is given.
static llvm::cl::opt<double> nirDt("nir-dt",
                                   llvm::cl::desc("NIR time step in seconds (default 1e-4)"),
                                   llvm::cl::init(1e-4));

static OwningOpRef<Operation*> importNir(llvm::SourceMgr& sourceMgr, MLIRContext* context) {
  StringRef path = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBufferIdentifier();
  if (path == "<stdin>") {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "--import-nir reads an HDF5 file by name; give its path, not stdin";
    return nullptr;
  }
  gyrus::NIRImportOptions options;
  options.dt = nirDt;
  OwningOpRef<ModuleOp> module = gyrus::importNIR(path, options, context);
  return module ? OwningOpRef<Operation*>(module.release()) : nullptr;
}

/// HDF5 files are written by path, not to a stream: the network goes to a temporary
/// file whose bytes are then copied to mlir-translate's output (-o FILE, or stdout).
static LogicalResult exportNir(Operation* op, llvm::raw_ostream& output) {
  SmallVector<gyrus::snn::NetworkOp> networks;
  op->walk([&](gyrus::snn::NetworkOp network) { networks.push_back(network); });
  if (networks.size() != 1)
    return op->emitError() << "--export-nir needs exactly one snn.network, found "
                           << networks.size();
  gyrus::snn::NetworkOp network = networks.front();
  double dt = nirDt;
  if (auto stored = network->getAttrOfType<FloatAttr>("gyrus.nir_dt");
      stored && nirDt.getNumOccurrences() == 0)
    dt = stored.getValueAsDouble();
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("gyrus-export", "nir", tmp))
    return network.emitError() << "cannot create a temporary file: " << ec.message();
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove(tmp); });
  if (failed(gyrus::exportNIR(network, tmp, dt)))
    return failure();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
      llvm::MemoryBuffer::getFile(tmp, /*IsText=*/false);
  if (!bytes)
    return network.emitError() << "cannot read back " << tmp << ": " << bytes.getError().message();
  output << (*bytes)->getBuffer();
  return success();
}

int main(int argc, char** argv) {
  TranslateToMLIRRegistration importGnetRegistration(
      "import-gnet", "import a gyrus network file (.gnet.h5) into the snn dialect", importGnet,
      [](DialectRegistry& registry) { registry.insert<gyrus::snn::SNNDialect>(); });
  TranslateToMLIRRegistration importNirRegistration(
      "import-nir", "import a NIR graph (neuromorphs/NIR HDF5) into the snn dialect", importNir,
      [](DialectRegistry& registry) { registry.insert<gyrus::snn::SNNDialect>(); });
  TranslateFromMLIRRegistration exportNirRegistration(
      "export-nir", "export a spiking snn network as a NIR graph (HDF5)", exportNir,
      [](DialectRegistry& registry) { registry.insert<gyrus::snn::SNNDialect>(); });
  return failed(mlirTranslateMain(argc, argv, "gyrus translation driver"));
}
