// The script that builds an HDF5 file for the HDF5 fuzz targets (hdf5_script.h); its
// encoder, hdf5_encoder.cpp, writes the same grammar. One byte at a time from the front
// (a finished script reads as zeros):
//
//   command   := op:u8 parent:u8 name body       parent indexes the objects made so far
//   op % 5    :  0 group | 1 dataset value | 2 attribute value | 3 hard link target:u8
//             |  4 soft link path:text           (object 0 is the root group)
//   name,text := k:u8  -> names[k] if k < names.size(), else len:u16 (<= 4096) bytes
//   value     := type shape fill
//   type      := t:u8 (% kTypeCount; kFixedString is followed by its size:u8)
//   shape     := r:u8  -> r % 6: 0 scalar, 5 null, else rank r % 6 with one dim each:
//   dim       := d:u8  -> d < 0xF0: d; 0xF0: u16; else kLargeDims[d - 0xF1]
//   fill      := m:u8  -> m % 3: 0 raw elements (text for strings, else the element's
//                         stored bytes), 1 every element kSpecials[s:u8], 2 unwritten
//                         (datasets read kSpecials[s:u8], their fill value)
#include "tests/fuzz/hdf5_script.h"

#include "tests/fuzz/hdf5_script_types.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace gyrus::fuzz {

namespace script {

/// The file type of `code`; `size` is a fixed string's length.
Handle make_type(uint8_t code, size_t size) {
  auto copy = [](hid_t type) { return Handle(H5Tcopy(type), H5Tclose); };
  switch (code) {
  case kVarString:
  case kVarStringAscii: {
    Handle type = copy(H5T_C_S1);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), code == kVarString ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
    return type;
  }
  case kFixedString: {
    Handle type = copy(H5T_C_S1);
    if (H5Tset_size(type.get(), size) < 0)
      return Handle(-1, H5Tclose);
    return type;
  }
  case kInt8:
    return copy(H5T_STD_I8LE);
  case kUInt8:
    return copy(H5T_STD_U8LE);
  case kInt16:
    return copy(H5T_STD_I16LE);
  case kInt32:
    return copy(H5T_STD_I32LE);
  case kUInt32:
    return copy(H5T_STD_U32LE);
  case kInt64:
    return copy(H5T_STD_I64LE);
  case kUInt64:
    return copy(H5T_STD_U64LE);
  case kInt32BE:
    return copy(H5T_STD_I32BE);
  case kFloat16: { // IEEE half: 1 sign, 5 exponent, 10 mantissa bits
    Handle type = copy(H5T_IEEE_F32LE);
    H5Tset_fields(type.get(), 15, 10, 5, 0, 10);
    H5Tset_size(type.get(), 2);
    H5Tset_ebias(type.get(), 15);
    return type;
  }
  case kFloat32:
    return copy(H5T_IEEE_F32LE);
  case kFloat64:
    return copy(H5T_IEEE_F64LE);
  case kFloat64BE:
    return copy(H5T_IEEE_F64BE);
  case kBool: {
    Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
    const int8_t no = 0, yes = 1;
    H5Tenum_insert(type.get(), "FALSE", &no);
    H5Tenum_insert(type.get(), "TRUE", &yes);
    return type;
  }
  case kCompound: {
    Handle type(H5Tcreate(H5T_COMPOUND, 12), H5Tclose);
    H5Tinsert(type.get(), "a", 0, H5T_STD_I32LE);
    H5Tinsert(type.get(), "b", 4, H5T_IEEE_F64LE);
    return type;
  }
  case kArray: {
    const hsize_t two = 2;
    return Handle(H5Tarray_create2(H5T_IEEE_F32LE, 1, &two), H5Tclose);
  }
  case kOpaque:
    return Handle(H5Tcreate(H5T_OPAQUE, 4), H5Tclose);
  case kVarInts:
    return Handle(H5Tvlen_create(H5T_STD_I32LE), H5Tclose);
  default:
    return Handle(-1, H5Tclose);
  }
}

} // namespace script

namespace {

using namespace script;

/// Dimensions that overflow allocations, int32 or the product of a shape.
constexpr uint64_t kLargeDims[] = {
    1ULL << 16, 1ULL << 20, 1ULL << 24, (1ULL << 24) + 1, 1ULL << 31, 1ULL << 32, (1ULL << 32) + 1,
    1ULL << 40, 1ULL << 48, 1ULL << 62, 1ULL << 63,       ~0ULL,      65535,      1000,
    400};

/// Values that readers must refuse or survive; HDF5 converts them to integer types.
const double kSpecials[] = {
    0,         1,        -1,     2,       0.5,   NAN,          INFINITY,
    -INFINITY, -0.0,     1e-45,  3.5e38,  1e300, 2147483647.0, -2147483648.0,
    16777216,  16777217, 9.3e18, -9.3e18, 1e-4,  0.125,        400,
    65536,     -0.5,     1e-12,  4096,    20};
constexpr size_t kSpecialCount = sizeof kSpecials / sizeof kSpecials[0];

constexpr size_t kMaxCommands = 512;
constexpr hsize_t kMaxSplatBytes = 1 << 20;

class Reader {
public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool done() const { return pos_ >= bytes_.size(); }
  uint8_t u8() { return done() ? 0 : bytes_[pos_++]; }
  uint16_t u16() {
    const uint8_t low = u8(); // two statements: the operands of | are unsequenced
    return static_cast<uint16_t>(low | (u8() << 8));
  }
  std::string text(const Dictionary& names) {
    const uint8_t k = u8();
    if (k < names.size())
      return names[k];
    const size_t length = std::min<size_t>(u16(), kMaxText);
    std::string out;
    for (size_t i = 0; i < length && !done(); ++i)
      out += static_cast<char>(u8());
    return out;
  }

private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

bool is_numeric(uint8_t code) {
  return code >= kInt8 && code <= kFloat64BE;
}

/// One value to write: the type, the dataspace, and how the elements are filled.
struct Value {
  uint8_t code = 0;
  size_t string_size = 0;
  Handle type{-1, H5Tclose};
  Handle space{-1, H5Sclose};
  hsize_t count = 0;
  uint8_t mode = 0;
  double special = 0;
  std::string special_text;
  // What raw and splat mode write: bytes of the memory type, or strings.
  std::vector<uint8_t> bytes;
  std::vector<std::string> strings;
  std::vector<std::vector<int32_t>> ragged;
};

Handle make_space(Reader& in) {
  const uint8_t r = in.u8() % 6;
  if (r == 0)
    return Handle(H5Screate(H5S_SCALAR), H5Sclose);
  if (r == 5)
    return Handle(H5Screate(H5S_NULL), H5Sclose);
  std::vector<hsize_t> dims(r);
  for (hsize_t& dim : dims) {
    const uint8_t d = in.u8();
    dim = d < 0xF0 ? d : d == 0xF0 ? in.u16() : kLargeDims[d - 0xF1];
  }
  return Handle(H5Screate_simple(r, dims.data(), nullptr), H5Sclose);
}

/// Reads a value's description and, for raw and splat modes, its elements.
Value read_value(Reader& in, const Dictionary& names) {
  Value value;
  value.code = in.u8() % kTypeCount;
  if (value.code == kFixedString)
    value.string_size = in.u8();
  value.type = make_type(value.code, value.string_size);
  value.space = make_space(in);
  value.mode = in.u8() % 3;
  if (!value.type.ok() || !value.space.ok())
    return value;
  const hssize_t points = H5Sget_simple_extent_npoints(value.space.get());
  value.count = points > 0 ? static_cast<hsize_t>(points) : 0;
  const size_t element = H5Tget_size(value.type.get());
  if (value.mode == 0 && value.count > kMaxRawElements)
    value.mode = 2; // the script cannot hold that many; leave the data unwritten
  if (value.mode != 0) {
    const uint8_t s = in.u8();
    value.special = kSpecials[s % kSpecialCount];
    value.special_text = names.empty() ? "" : names[s % names.size()];
    if (value.mode == 1 && value.count * std::max<size_t>(element, 8) > kMaxSplatBytes)
      value.mode = 2;
  }
  if (value.mode == 0) {
    for (hsize_t i = 0; i < value.count; ++i) {
      if (value.code == kVarString || value.code == kVarStringAscii) {
        value.strings.push_back(in.text(names));
      } else if (value.code == kVarInts) {
        std::vector<int32_t> row(in.u8() % 8);
        for (int32_t& x : row) {
          const uint32_t low = in.u16();
          x = static_cast<int32_t>(low | (uint32_t{in.u16()} << 16));
        }
        value.ragged.push_back(std::move(row));
      } else {
        for (size_t b = 0; b < element; ++b)
          value.bytes.push_back(in.u8());
      }
    }
  }
  return value;
}

/// Writes `value` through `write(memory_type, buffer)` (H5Awrite or H5Dwrite).
void write_value(const Value& value, const std::function<void(hid_t, const void*)>& write) {
  if (value.count == 0 || value.mode == 2)
    return;
  if (value.mode == 1) {
    if (is_numeric(value.code)) {
      const std::vector<double> splat(value.count, value.special);
      write(H5T_NATIVE_DOUBLE, splat.data());
    } else if (value.code == kVarString || value.code == kVarStringAscii) {
      const std::vector<const char*> splat(value.count, value.special_text.c_str());
      write(value.type.get(), splat.data());
    } else if (value.code == kFixedString) {
      std::vector<char> splat(value.count * value.string_size, '\0');
      for (hsize_t i = 0; i < value.count; ++i)
        std::memcpy(splat.data() + i * value.string_size, value.special_text.data(),
                    std::min(value.string_size, value.special_text.size()));
      write(value.type.get(), splat.data());
    } else {
      const std::vector<uint8_t> zeros(value.count * H5Tget_size(value.type.get()), 0);
      write(value.type.get(), zeros.data());
    }
    return;
  }
  if (value.code == kVarString || value.code == kVarStringAscii) {
    std::vector<const char*> pointers;
    for (const std::string& s : value.strings)
      pointers.push_back(s.c_str());
    write(value.type.get(), pointers.data());
  } else if (value.code == kVarInts) {
    std::vector<hvl_t> rows;
    for (const auto& row : value.ragged)
      rows.push_back({row.size(), const_cast<int32_t*>(row.data())});
    write(value.type.get(), rows.data());
  } else {
    write(value.type.get(), value.bytes.data());
  }
}

void make_dataset(hid_t parent, const std::string& name, const Value& value,
                  std::vector<Handle>& objects) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (value.mode == 2 && is_numeric(value.code))
    H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &value.special);
  Handle dataset(H5Dcreate2(parent, name.c_str(), value.type.get(), value.space.get(), H5P_DEFAULT,
                            dcpl.get(), H5P_DEFAULT),
                 H5Dclose);
  if (!dataset.ok())
    return;
  write_value(value, [&](hid_t memory, const void* buffer) {
    H5Dwrite(dataset.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
  objects.push_back(std::move(dataset));
}

void make_attribute(hid_t parent, const std::string& name, const Value& value) {
  Handle attribute(H5Acreate2(parent, name.c_str(), value.type.get(), value.space.get(),
                              H5P_DEFAULT, H5P_DEFAULT),
                   H5Aclose);
  if (!attribute.ok())
    return;
  write_value(value,
              [&](hid_t memory, const void* buffer) { H5Awrite(attribute.get(), memory, buffer); });
}

/// Runs the script against an open, writable file.
void run_script(hid_t file, std::span<const uint8_t> script, const Dictionary& names) {
  Reader in(script);
  std::vector<Handle> objects;
  objects.emplace_back(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose);
  for (size_t n = 0; n < kMaxCommands && !in.done(); ++n) {
    const uint8_t op = in.u8() % 5;
    const hid_t parent = objects[in.u8() % objects.size()].get();
    const std::string name = in.text(names);
    switch (op) {
    case 0: {
      Handle group(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Gclose);
      if (group.ok())
        objects.push_back(std::move(group));
      break;
    }
    case 1:
    case 2: {
      const Value value = read_value(in, names);
      if (value.type.ok() && value.space.ok()) {
        if (op == 1)
          make_dataset(parent, name, value, objects);
        else
          make_attribute(parent, name, value);
      }
      break;
    }
    case 3: {
      const hid_t target = objects[in.u8() % objects.size()].get();
      H5Lcreate_hard(target, ".", parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      break;
    }
    default: {
      const std::string path = in.text(names);
      H5Lcreate_soft(path.c_str(), parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
      break;
    }
    }
  }
}

/// The bytes of an in-memory file built by `script`, or empty if HDF5 refused.
std::vector<uint8_t> build_image(std::span<const uint8_t> script, const Dictionary& names) {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl.get(), 1 << 16, /*backing_store=*/false);
  Handle file(H5Fcreate("gyrus-fuzz-build.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose);
  if (!file.ok())
    return {};
  run_script(file.get(), script, names);
  H5Fflush(file.get(), H5F_SCOPE_GLOBAL);
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  if (size <= 0)
    return {};
  std::vector<uint8_t> image(static_cast<size_t>(size));
  if (H5Fget_file_image(file.get(), image.data(), image.size()) != size)
    return {};
  return image;
}

} // namespace

std::optional<H5::H5File> build_hdf5_file(std::span<const uint8_t> script,
                                          const Dictionary& names) {
  H5::Exception::dontPrint();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::vector<uint8_t> image = build_image(script, names);
  if (image.empty())
    return std::nullopt;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl.get(), 1 << 16, /*backing_store=*/false);
  H5Pset_file_image(fapl.get(), image.data(), image.size()); // copies the bytes
  const hid_t id = H5Fopen("gyrus-fuzz-read.h5", H5F_ACC_RDONLY, fapl.get());
  if (id < 0)
    return std::nullopt;
  H5::H5File file(id); // takes its own reference
  H5Fclose(id);
  return file;
}

} // namespace gyrus::fuzz
