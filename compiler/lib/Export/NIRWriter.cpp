//===- NIRWriter.cpp - write a NIR graph in its HDF5 layout -----------------===//
//
// The layout that neuromorphs/NIR's h5py writer produces and its reader expects (see
// NIRFile.cpp for the reading side). Objects are created without timestamps so that
// the same graph gives the same bytes. The HDF5 C++ API throws; everything is caught
// here.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Export/NIR.h"
#include "training/io/atomic_file.h"
#include "training/io/hdf5_util.h"

#include <H5Cpp.h>

namespace gyrus {
namespace {

H5::StrType utf8String() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

void writeString(H5::Group& where, const std::string& name, const std::string& value) {
  H5::StrType type = utf8String();
  H5::DataSet dataset =
      where.createDataSet(name, type, H5::DataSpace(H5S_SCALAR), io::h5::untimed_dataset());
  const char* text = value.c_str();
  dataset.write(&text, type);
}

void writeArray(H5::Group& where, const std::string& name, const NIRArray& array) {
  std::vector<hsize_t> dims(array.shape.begin(), array.shape.end());
  if (name == "shape") {
    std::vector<int64_t> values(array.values.begin(), array.values.end());
    io::h5::write(where, name, values, dims);
  } else if (array.isFloat64) {
    io::h5::write(where, name, array.values, dims);
  } else {
    std::vector<float> values(array.values.begin(), array.values.end());
    io::h5::write(where, name, values, dims);
  }
}

void writeGraph(const std::string& path, const NIRGraph& graph) {
  H5::H5File file(path, H5F_ACC_TRUNC, io::h5::untimed_file());
  writeString(file, "version", graph.version);
  H5::Group root = io::h5::create_untimed_group(file, "node");
  writeString(root, "type", "NIRGraph");
  H5::Group nodes = io::h5::create_untimed_group(root, "nodes");
  for (const auto& [name, node] : graph.nodes) {
    H5::Group group = io::h5::create_untimed_group(nodes, name);
    writeString(group, "type", node.type);
    for (const auto& [key, array] : node.params)
      writeArray(group, key, array);
  }
  hsize_t dims[2] = {graph.edges.size(), 2};
  H5::StrType type = utf8String();
  H5::DataSet edges =
      root.createDataSet("edges", type, H5::DataSpace(2, dims), io::h5::untimed_dataset());
  std::vector<const char*> names;
  for (const auto& [source, target] : graph.edges) {
    names.push_back(source.c_str());
    names.push_back(target.c_str());
  }
  if (!names.empty())
    edges.write(names.data(), type);
}

} // namespace

bool writeNIRFile(llvm::StringRef path, const NIRGraph& graph, std::string& error) {
  H5::Exception::dontPrint();
  try {
    io::write_atomically(
        path.str(), [&](const std::filesystem::path& tmp) { writeGraph(tmp.string(), graph); });
    return true;
  } catch (const H5::Exception& e) {
    error = "cannot write '" + path.str() + "': " + e.getFuncName() + ": " + e.getDetailMsg();
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "cannot write '" + path.str() + "'";
  }
  return false;
}

} // namespace gyrus
