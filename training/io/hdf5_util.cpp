#include "training/io/hdf5_util.h"

#include <stdexcept>

namespace gyrus::io::h5 {

namespace {
std::string shape_string(const std::vector<hsize_t>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}
} // namespace

H5::DSetCreatPropList untimed_dataset() {
  H5::DSetCreatPropList props;
  H5Pset_obj_track_times(props.getId(), false);
  return props;
}

H5::FileCreatPropList untimed_file() {
  H5::FileCreatPropList props;
  H5Pset_obj_track_times(props.getId(), false);
  return props;
}

H5::Group create_untimed_group(H5::Group& where, const std::string& name) {
  const hid_t props = H5Pcreate(H5P_GROUP_CREATE);
  H5Pset_obj_track_times(props, false);
  const hid_t group = H5Gcreate2(where.getId(), name.c_str(), H5P_DEFAULT, props, H5P_DEFAULT);
  H5Pclose(props);
  if (group < 0)
    throw H5::GroupIException("create_untimed_group", "cannot create " + name);
  H5::Group out(group);
  H5Gclose(group); // H5::Group(hid_t) took its own reference
  return out;
}

bool stores_values(const H5::DataSet& dataset, hsize_t count) {
  const hsize_t stored = dataset.getStorageSize();
  const size_t element = dataset.getDataType().getSize();
  const bool compressed = dataset.getCreatePlist().getNfilters() > 0;
  const hsize_t limit = compressed ? stored * 1100 : stored;
  return element > 0 && count <= limit / element;
}

void write_attribute(H5::H5Object& where, const std::string& name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  H5::Attribute attribute = where.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  const char* text = value.c_str();
  attribute.write(type, &text);
}

Reader::Reader(const std::filesystem::path& path) : path_(path) {
  H5::Exception::dontPrint();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw std::runtime_error(path.string() + ": no such file");
  try {
    file_.openFile(path.string(), H5F_ACC_RDONLY);
  } catch (const H5::Exception&) {
    throw std::runtime_error(path.string() + ": not an HDF5 file");
  }
}

Reader::Reader(const H5::H5File& file, const std::filesystem::path& name)
    : path_(name), file_(file) {
  H5::Exception::dontPrint();
}

void Reader::fail(const std::string& field, const std::string& reason) const {
  throw std::runtime_error(path_.string() + ": " + field + ": " + reason);
}

bool Reader::exists(const std::string& name) const {
  try {
    return file_.nameExists(name);
  } catch (const H5::Exception&) {
    return false;
  }
}

H5::DataSet Reader::open(const std::string& name) const {
  if (!exists(name))
    fail(name, "missing dataset");
  try {
    return file_.openDataSet(name);
  } catch (const H5::Exception& e) {
    fail(name, "cannot open dataset (" + e.getDetailMsg() + ")");
  }
}

std::vector<hsize_t> Reader::dims(const std::string& name) const {
  const H5::DataSpace space = open(name).getSpace();
  std::vector<hsize_t> out(space.getSimpleExtentNdims());
  space.getSimpleExtentDims(out.data());
  return out;
}

template <typename T>
std::vector<T> Reader::read(const std::string& name,
                            const std::vector<hsize_t>& expected_dims) const {
  const auto actual = dims(name);
  if (actual != expected_dims)
    fail(name, "shape " + shape_string(actual) + ", expected " + shape_string(expected_dims));
  hsize_t count = 1;
  for (hsize_t d : actual)
    count *= d;
  try {
    if (count && !stores_values(open(name), count))
      fail(name,
           "stores too few bytes for its shape " + shape_string(actual) + " (never written?)");
  } catch (const H5::Exception& e) {
    fail(name, "cannot read (" + e.getDetailMsg() + ")");
  }
  std::vector<T> data(count);
  try {
    if (count)
      open(name).read(data.data(), memory_type<T>());
  } catch (const H5::Exception& e) {
    fail(name, "cannot read (" + e.getDetailMsg() + ")");
  }
  return data;
}
template std::vector<float> Reader::read<float>(const std::string&,
                                                const std::vector<hsize_t>&) const;
template std::vector<int32_t> Reader::read<int32_t>(const std::string&,
                                                    const std::vector<hsize_t>&) const;

H5::Attribute Reader::open_attribute(const std::string& object, const std::string& name) const {
  const std::string field = (object == "/" ? "" : object + "/") + name;
  try {
    if (object != "/" && !exists(object))
      fail(object, "missing group");
    H5::Group group = file_.openGroup(object);
    if (!group.attrExists(name))
      fail(field, "missing attribute");
    H5::Attribute attribute = group.openAttribute(name);
    // Every caller reads one value; reading an array into it would overrun the buffer.
    if (attribute.getSpace().getSimpleExtentNpoints() != 1)
      fail(field, "not a single value");
    return attribute;
  } catch (const H5::Exception& e) {
    fail(field, "cannot open attribute (" + e.getDetailMsg() + ")");
  }
}

std::string Reader::string_attribute(const std::string& object, const std::string& name) const {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_STRING)
    fail(name, "not a string");
  std::string value;
  try {
    const H5::StrType type = attribute.getStrType();
    if (type.isVariableStr()) {
      // Not read(type, std::string&): it calls strlen on the pointer HDF5 returns, which
      // is null for an attribute that was created but never written.
      char* text = nullptr;
      attribute.read(type, &text);
      value = text ? text : "";
      H5free_memory(text);
    } else {
      attribute.read(type, value);
    }
  } catch (const H5::Exception& e) {
    fail(name, "cannot read (" + e.getDetailMsg() + ")");
  }
  return value;
}

double Reader::double_attribute(const std::string& object, const std::string& name) const {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_FLOAT && attribute.getTypeClass() != H5T_INTEGER)
    fail(name, "not a number");
  double value = 0;
  attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

int64_t Reader::int_attribute(const std::string& object, const std::string& name) const {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_INTEGER)
    fail(name, "not an integer");
  int64_t value = 0;
  attribute.read(H5::PredType::NATIVE_INT64, &value);
  return value;
}

uint64_t Reader::uint_attribute(const std::string& name) const {
  H5::Attribute attribute = open_attribute("/", name);
  if (attribute.getTypeClass() != H5T_INTEGER)
    fail(name, "not an integer");
  uint64_t value = 0;
  attribute.read(H5::PredType::NATIVE_UINT64, &value);
  return value;
}

} // namespace gyrus::io::h5
