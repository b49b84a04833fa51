// The encoder of hdf5_script.h: walks an HDF5 file and writes the script that rebuilds
// it, in the grammar hdf5_script.cpp reads. For the seed corpora (make_hdf5_corpus.cpp).
#include "tests/fuzz/hdf5_script.h"
#include "tests/fuzz/hdf5_script_types.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>

namespace gyrus::fuzz {

namespace {

using namespace script;

/// The encoder: walks a file and writes the commands that rebuild it.
class Encoder {
public:
  explicit Encoder(const Dictionary& names) : names_(names) {
    if (names.size() >= kLiteral)
      throw std::runtime_error("the dictionary must have fewer than 255 names");
  }

  std::vector<uint8_t> encode(hid_t file) {
    group(file, 0, 0);
    return out_;
  }

private:
  void u8(uint8_t b) { out_.push_back(b); }
  void u16(uint16_t v) {
    u8(static_cast<uint8_t>(v));
    u8(static_cast<uint8_t>(v >> 8));
  }
  void text(const std::string& s) { text(out_, s); }
  void text(std::vector<uint8_t>& out, const std::string& s) const {
    const auto it = std::find(names_.begin(), names_.end(), s);
    if (it != names_.end()) {
      out.push_back(static_cast<uint8_t>(it - names_.begin()));
      return;
    }
    if (s.size() > kMaxText)
      throw std::runtime_error("a string longer than the script allows");
    out.push_back(kLiteral);
    out.push_back(static_cast<uint8_t>(s.size()));
    out.push_back(static_cast<uint8_t>(s.size() >> 8));
    out.insert(out.end(), s.begin(), s.end());
  }

  /// The script's type code for a stored type, or nullopt if it has none.
  static std::optional<uint8_t> code_of(hid_t type, size_t& string_size) {
    const size_t size = H5Tget_size(type);
    const bool big = H5Tget_order(type) == H5T_ORDER_BE;
    switch (H5Tget_class(type)) {
    case H5T_STRING:
      if (H5Tis_variable_str(type) > 0)
        return H5Tget_cset(type) == H5T_CSET_UTF8 ? kVarString : kVarStringAscii;
      string_size = size;
      return size < 256 ? std::optional<uint8_t>(kFixedString) : std::nullopt;
    case H5T_INTEGER: {
      const bool sign = H5Tget_sign(type) == H5T_SGN_2;
      if (size == 4 && big && sign)
        return kInt32BE;
      if (big)
        return std::nullopt;
      if (size == 1)
        return sign ? kInt8 : kUInt8;
      if (size == 2 && sign)
        return kInt16;
      if (size == 4)
        return sign ? kInt32 : kUInt32;
      if (size == 8)
        return sign ? kInt64 : kUInt64;
      return std::nullopt;
    }
    case H5T_FLOAT:
      if (size == 2)
        return kFloat16;
      if (size == 4 && !big)
        return kFloat32;
      if (size == 8)
        return big ? kFloat64BE : kFloat64;
      return std::nullopt;
    case H5T_ENUM:
      return size == 1 ? std::optional<uint8_t>(kBool) : std::nullopt;
    default:
      return std::nullopt;
    }
  }

  /// Appends `type shape fill`: raw elements, or unwritten for a dataset that stores
  /// nothing (`unwritten`); false (nothing appended) if the value cannot be expressed.
  bool value(hid_t stored_type, hid_t space, bool unwritten,
             const std::function<herr_t(hid_t, void*)>& read) {
    size_t string_size = 0;
    const std::optional<uint8_t> code = code_of(stored_type, string_size);
    if (!code)
      return false;
    std::vector<uint8_t> shape;
    const H5S_class_t space_class = H5Sget_simple_extent_type(space);
    const int rank = H5Sget_simple_extent_ndims(space);
    if (space_class == H5S_NULL) {
      shape.push_back(5);
    } else if (space_class == H5S_SCALAR) {
      shape.push_back(0);
    } else {
      if (rank < 1 || rank > 4)
        return false;
      shape.push_back(static_cast<uint8_t>(rank));
      std::vector<hsize_t> dims(rank);
      H5Sget_simple_extent_dims(space, dims.data(), nullptr);
      for (hsize_t dim : dims) {
        if (dim < 0xF0) {
          shape.push_back(static_cast<uint8_t>(dim));
        } else if (dim <= 0xFFFF) {
          shape.push_back(0xF0);
          shape.push_back(static_cast<uint8_t>(dim));
          shape.push_back(static_cast<uint8_t>(dim >> 8));
        } else {
          return false;
        }
      }
    }
    const hssize_t points = space_class == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space);
    const hsize_t count = points > 0 ? static_cast<hsize_t>(points) : 0;
    if (unwritten && count > 0) {
      u8(*code);
      if (*code == kFixedString)
        u8(static_cast<uint8_t>(string_size));
      out_.insert(out_.end(), shape.begin(), shape.end());
      u8(2); // unwritten,
      u8(0); // fill value 0
      return true;
    }
    if (count > kMaxRawElements)
      return false;
    const Handle type = make_type(*code, string_size);
    std::vector<uint8_t> elements;
    if (*code == kVarString || *code == kVarStringAscii) {
      std::vector<char*> pointers(count, nullptr);
      if (count && read(type.get(), pointers.data()) < 0)
        return false;
      for (char* s : pointers) {
        text(elements, s ? s : "");
        H5free_memory(s);
      }
    } else {
      elements.resize(count * H5Tget_size(type.get()));
      if (count && read(type.get(), elements.data()) < 0)
        return false;
    }
    u8(*code);
    if (*code == kFixedString)
      u8(static_cast<uint8_t>(string_size));
    out_.insert(out_.end(), shape.begin(), shape.end());
    u8(0); // raw
    out_.insert(out_.end(), elements.begin(), elements.end());
    return true;
  }

  /// Appends the attributes of object `index` (`id`).
  void attributes(hid_t id, uint8_t index) {
    std::vector<std::string> attribute_names;
    H5Aiterate2(
        id, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
          static_cast<std::vector<std::string>*>(data)->push_back(name);
          return 0;
        },
        &attribute_names);
    for (const std::string& name : attribute_names) {
      Handle attribute(H5Aopen(id, name.c_str(), H5P_DEFAULT), H5Aclose);
      if (!attribute.ok())
        continue;
      Handle type(H5Aget_type(attribute.get()), H5Tclose);
      Handle space(H5Aget_space(attribute.get()), H5Sclose);
      const std::vector<uint8_t> mark = out_;
      u8(2);
      u8(index);
      text(name);
      if (!value(type.get(), space.get(), false, [&](hid_t memory, void* buffer) {
            return H5Aread(attribute.get(), memory, buffer);
          }))
        out_ = mark;
    }
  }

  void group(hid_t id, uint8_t index, int depth) {
    if (depth > 16)
      throw std::runtime_error("groups nested too deep (a cycle?)");
    attributes(id, index);
    H5G_info_t info;
    if (H5Gget_info(id, &info) < 0)
      return;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      const ssize_t length =
          H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
      std::string name(static_cast<size_t>(std::max<ssize_t>(length, 0)), '\0');
      H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1,
                         H5P_DEFAULT);
      // H5Oopen and H5Iget_type rather than H5Oget_info, whose signature differs
      // between HDF5 1.10 and 1.12.
      Handle object(H5Oopen(id, name.c_str(), H5P_DEFAULT), H5Oclose);
      if (!object.ok())
        continue;
      const H5I_type_t kind = H5Iget_type(object.get());
      if (next_ >= kLiteral)
        throw std::runtime_error("more objects than a script can address");
      if (kind == H5I_GROUP) {
        u8(0);
        u8(index);
        text(name);
        group(object.get(), next_++, depth + 1);
      } else if (kind == H5I_DATASET) {
        Handle type(H5Dget_type(object.get()), H5Tclose);
        Handle space(H5Dget_space(object.get()), H5Sclose);
        const std::vector<uint8_t> mark = out_;
        u8(1);
        u8(index);
        text(name);
        const bool unwritten = H5Dget_storage_size(object.get()) == 0;
        if (!value(type.get(), space.get(), unwritten, [&](hid_t memory, void* buffer) {
              return H5Dread(object.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
            })) {
          out_ = mark;
          continue;
        }
        attributes(object.get(), next_++);
      }
    }
  }

  const Dictionary& names_;
  std::vector<uint8_t> out_;
  uint8_t next_ = 1; // the index the next group or dataset gets; the root is 0
};

} // namespace

std::vector<uint8_t> encode_hdf5_file(const std::string& path, const Dictionary& names) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok())
    throw std::runtime_error(path + ": cannot open as HDF5");
  return Encoder(names).encode(file.get());
}

} // namespace gyrus::fuzz
