//===- gyrus-translate.cpp - import networks into the snn dialect -----------===//
//
// --import-gnet FILE.gnet.h5: the network file of `gyrus train` to snn.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Import/NetworkFile.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

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

int main(int argc, char** argv) {
  TranslateToMLIRRegistration importGnetRegistration(
      "import-gnet", "import a gyrus network file (.gnet.h5) into the snn dialect", importGnet,
      [](DialectRegistry& registry) { registry.insert<gyrus::snn::SNNDialect>(); });
  return failed(mlirTranslateMain(argc, argv, "gyrus translation driver"));
}
