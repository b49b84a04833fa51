// Thin helpers over the HDF5 C++ API: typed dataset and attribute I/O with
// errors that name the file and the dataset.
#pragma once

#include <H5Cpp.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gyrus::io::h5 {

template <typename T> const H5::PredType& memory_type();
template <> inline const H5::PredType& memory_type<float>() {
  return H5::PredType::NATIVE_FLOAT;
}
template <> inline const H5::PredType& memory_type<double>() {
  return H5::PredType::NATIVE_DOUBLE;
}
template <> inline const H5::PredType& memory_type<int32_t>() {
  return H5::PredType::NATIVE_INT32;
}
template <> inline const H5::PredType& memory_type<uint64_t>() {
  return H5::PredType::NATIVE_UINT64;
}
template <> inline const H5::PredType& memory_type<int64_t>() {
  return H5::PredType::NATIVE_INT64;
}

/// The little-endian file type stored for T, so files are portable.
template <typename T> const H5::PredType& file_type();
template <> inline const H5::PredType& file_type<float>() {
  return H5::PredType::IEEE_F32LE;
}
template <> inline const H5::PredType& file_type<double>() {
  return H5::PredType::IEEE_F64LE;
}
template <> inline const H5::PredType& file_type<int32_t>() {
  return H5::PredType::STD_I32LE;
}
template <> inline const H5::PredType& file_type<uint64_t>() {
  return H5::PredType::STD_U64LE;
}
template <> inline const H5::PredType& file_type<int64_t>() {
  return H5::PredType::STD_I64LE;
}

/// Creation properties without timestamps, so equal content gives equal bytes.
H5::DSetCreatPropList untimed_dataset();
H5::FileCreatPropList untimed_file();
H5::Group create_untimed_group(H5::Group& where, const std::string& name);

template <typename T>
void write(H5::Group& where, const std::string& name, const std::vector<T>& data,
           const std::vector<hsize_t>& dims) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  H5::DataSet dataset = where.createDataSet(name, file_type<T>(), space, untimed_dataset());
  if (!data.empty())
    dataset.write(data.data(), memory_type<T>());
}

/// Whether `dataset` stores the bytes of `count` values. A few bytes of file can declare
/// a shape of any size, which reads back as fill values, so readers check this before
/// they allocate for the shape. Compressed data may take fewer bytes, but not past
/// deflate's limit of about 1:1032. Throws H5::Exception.
bool stores_values(const H5::DataSet& dataset, hsize_t count);

void write_attribute(H5::H5Object& where, const std::string& name, const std::string& value);
template <typename T> void write_attribute(H5::H5Object& where, const std::string& name, T value) {
  H5::Attribute attribute = where.createAttribute(name, file_type<T>(), H5::DataSpace(H5S_SCALAR));
  attribute.write(memory_type<T>(), &value);
}

/// Reads datasets and attributes of one file; every failure throws
/// std::runtime_error("<file>: <dataset>: <reason>").
class Reader {
public:
  explicit Reader(const std::filesystem::path& path);
  /// Reads a file that is already open (an in-memory image); `name` stands for the path
  /// in messages.
  Reader(const H5::H5File& file, const std::filesystem::path& name);

  bool exists(const std::string& name) const;
  std::vector<hsize_t> dims(const std::string& name) const;
  template <typename T>
  std::vector<T> read(const std::string& name, const std::vector<hsize_t>& expected_dims) const;
  /// Attributes of the root group, or of the group at `object`.
  std::string string_attribute(const std::string& name) const {
    return string_attribute("/", name);
  }
  double double_attribute(const std::string& name) const { return double_attribute("/", name); }
  uint64_t uint_attribute(const std::string& name) const;
  int64_t int_attribute(const std::string& name) const { return int_attribute("/", name); }
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double double_attribute(const std::string& object, const std::string& name) const;
  int64_t int_attribute(const std::string& object, const std::string& name) const;

  [[noreturn]] void fail(const std::string& field, const std::string& reason) const;

private:
  H5::DataSet open(const std::string& name) const;
  H5::Attribute open_attribute(const std::string& object, const std::string& name) const;

  std::filesystem::path path_;
  H5::H5File file_;
};

} // namespace gyrus::io::h5
