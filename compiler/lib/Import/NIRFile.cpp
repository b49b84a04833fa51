//===- NIRFile.cpp - read the HDF5 layout of a NIR graph --------------------===//
//
// The layout neuromorphs/NIR writes through h5py: a root dataset `version`, and a
// group `node` with `type` = "NIRGraph", `nodes/<name>/{type, <params>}` and `edges`,
// an N x 2 array of strings. Strings are variable-length UTF-8 in every known writer;
// fixed-length ones are accepted too. The HDF5 C++ API throws, so everything here
// runs inside one try block and leaves with a message instead.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Import/NIR.h"
#include "training/io/hdf5_util.h"

#include <H5Cpp.h>
#include <filesystem>
#include <stdexcept>

namespace gyrus {
namespace {

/// A failure with the dataset or group it concerns, for the message.
struct NIRReadError : std::runtime_error {
  NIRReadError(const std::string& where, const std::string& what)
      : std::runtime_error(where + ": " + what) {}
};

std::vector<hsize_t> dimsOf(const H5::DataSet& dataset) {
  H5::DataSpace space = dataset.getSpace();
  std::vector<hsize_t> dims(space.getSimpleExtentNdims());
  space.getSimpleExtentDims(dims.data());
  return dims;
}

/// Refuses a dataset that declares more values than it stores (one never written),
/// before anything is allocated for its shape.
void checkStored(const H5::DataSet& dataset, hsize_t count, const std::string& where) {
  if (count && !io::h5::stores_values(dataset, count))
    throw NIRReadError(where, "stores too few bytes for its shape (never written?)");
}

/// All strings of a string dataset (any rank), row-major.
std::vector<std::string> readStrings(const H5::DataSet& dataset, const std::string& where) {
  if (dataset.getTypeClass() != H5T_STRING)
    throw NIRReadError(where, "not a string dataset");
  hsize_t count = 1;
  for (hsize_t d : dimsOf(dataset))
    count *= d;
  checkStored(dataset, count, where);
  std::vector<std::string> out;
  H5::StrType fileType = dataset.getStrType();
  if (fileType.isVariableStr()) {
    H5::StrType memType(H5::PredType::C_S1, H5T_VARIABLE);
    memType.setCset(fileType.getCset());
    std::vector<char*> pointers(count, nullptr);
    if (count)
      dataset.read(pointers.data(), memType);
    for (char* text : pointers)
      out.emplace_back(text ? text : "");
    H5::DataSpace space = dataset.getSpace();
    H5Dvlen_reclaim(memType.getId(), space.getId(), H5P_DEFAULT, pointers.data());
  } else {
    size_t size = fileType.getSize();
    H5::StrType memType(H5::PredType::C_S1, size);
    std::vector<char> buffer(count * size);
    if (count)
      dataset.read(buffer.data(), memType);
    for (hsize_t i = 0; i < count; ++i) {
      std::string text(buffer.data() + i * size, size);
      out.push_back(text.substr(0, text.find('\0')));
    }
  }
  return out;
}

std::string readString(const H5::Group& group, const std::string& name, const std::string& where) {
  if (!group.nameExists(name) || group.childObjType(name) != H5O_TYPE_DATASET)
    throw NIRReadError(where, "missing dataset");
  std::vector<std::string> strings = readStrings(group.openDataSet(name), where);
  if (strings.size() != 1)
    throw NIRReadError(where, "expected one string, found " + std::to_string(strings.size()));
  return strings.front();
}

NIRArray readArray(const H5::DataSet& dataset, const std::string& where) {
  H5T_class_t typeClass = dataset.getTypeClass();
  if (typeClass != H5T_FLOAT && typeClass != H5T_INTEGER)
    throw NIRReadError(where, "not a numeric dataset");
  NIRArray array;
  hsize_t count = 1;
  for (hsize_t d : dimsOf(dataset)) {
    array.shape.push_back(static_cast<int64_t>(d));
    count *= d;
  }
  checkStored(dataset, count, where);
  array.values.resize(count);
  if (count)
    dataset.read(array.values.data(), H5::PredType::NATIVE_DOUBLE);
  array.isFloat64 = typeClass == H5T_FLOAT && dataset.getFloatType().getSize() == 8;
  return array;
}

NIRNode readNode(const H5::Group& group, const std::string& where) {
  NIRNode node;
  node.type = readString(group, "type", where + "/type");
  for (hsize_t i = 0, n = group.getNumObjs(); i < n; ++i) {
    std::string name = group.getObjnameByIdx(i);
    // Subgroups (a nested graph's nodes, NIR 0.2's input_type/output_type dicts)
    // and string datasets other than `type` carry nothing the importer uses.
    if (name == "type" || group.childObjType(name) != H5O_TYPE_DATASET)
      continue;
    H5::DataSet dataset = group.openDataSet(name);
    if (dataset.getTypeClass() == H5T_STRING)
      continue;
    node.params[name] = readArray(dataset, where + "/" + name);
  }
  return node;
}

void readGraph(const H5::H5File& file, NIRGraph& graph) {
  graph.version = readString(file, "version", "version");
  if (!file.nameExists("node") || file.childObjType("node") != H5O_TYPE_GROUP)
    throw NIRReadError("node", "missing group (not a NIR file?)");
  H5::Group root = file.openGroup("node");
  std::string type = readString(root, "type", "node/type");
  if (type != "NIRGraph")
    throw NIRReadError("node/type", "is '" + type + "', expected 'NIRGraph'");
  if (!root.nameExists("nodes") || root.childObjType("nodes") != H5O_TYPE_GROUP)
    throw NIRReadError("node/nodes", "missing group");
  H5::Group nodes = root.openGroup("nodes");
  for (hsize_t i = 0, n = nodes.getNumObjs(); i < n; ++i) {
    std::string name = nodes.getObjnameByIdx(i);
    std::string where = "node/nodes/" + name;
    if (nodes.childObjType(name) != H5O_TYPE_GROUP)
      throw NIRReadError(where, "not a group");
    graph.nodes[name] = readNode(nodes.openGroup(name), where);
  }
  if (!root.nameExists("edges"))
    throw NIRReadError("node/edges", "missing dataset");
  H5::DataSet edges = root.openDataSet("edges");
  std::vector<hsize_t> dims = dimsOf(edges);
  bool empty = dims.size() == 1 && dims[0] == 0; // h5py writes no edges as shape (0,)
  if (!empty && (dims.size() != 2 || dims[1] != 2))
    throw NIRReadError("node/edges", "expected shape [N, 2]");
  std::vector<std::string> names = readStrings(edges, "node/edges");
  for (size_t i = 0; i + 1 < names.size(); i += 2)
    graph.edges.emplace_back(names[i], names[i + 1]);
}

void readGraph(const std::string& path, NIRGraph& graph) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw std::runtime_error("no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw std::runtime_error("not an HDF5 file");
  readGraph(H5::H5File(path, H5F_ACC_RDONLY), graph);
}

/// Runs `read` with every exception turned into `error`.
template <typename Read> bool readCatching(NIRGraph& graph, std::string& error, Read read) {
  H5::Exception::dontPrint();
  graph = NIRGraph();
  try {
    read();
    return true;
  } catch (const H5::Exception& e) {
    error = e.getFuncName() + ": " + e.getDetailMsg();
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown error reading the file";
  }
  return false;
}

} // namespace

bool readNIRFile(llvm::StringRef path, NIRGraph& graph, std::string& error) {
  return readCatching(graph, error, [&] { readGraph(path.str(), graph); });
}

bool readNIRFile(const H5::H5File& file, NIRGraph& graph, std::string& error) {
  return readCatching(graph, error, [&] { readGraph(file, graph); });
}

} // namespace gyrus
