// What the script decoder (hdf5_script.cpp) and encoder (hdf5_encoder.cpp) share: the
// type codes, the limits and an HDF5 handle. Private to those two files.
#pragma once

#include <H5Cpp.h>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace gyrus::fuzz::script {

enum TypeCode : uint8_t {
  kVarString, // UTF-8, as h5py writes str
  kVarStringAscii,
  kFixedString,
  kInt8,
  kUInt8,
  kInt16,
  kInt32,
  kUInt32,
  kInt64,
  kUInt64,
  kInt32BE,
  kFloat16,
  kFloat32,
  kFloat64,
  kFloat64BE,
  kBool,     // h5py's bool: an enum over int8
  kCompound, // {int32 a; float64 b}
  kArray,    // float32[2]
  kOpaque,   // 4 bytes
  kVarInts,  // ragged int32
  kTypeCount
};

constexpr size_t kMaxText = 4096;            // bytes of a literal string
constexpr hsize_t kMaxRawElements = 1 << 16; // elements a script spells out
constexpr uint8_t kLiteral = 0xFF;           // the name byte of a literal string

/// An HDF5 identifier closed with `close` at scope exit (no-op when invalid).
class Handle {
public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  ~Handle() {
    if (id_ >= 0)
      close_(id_);
  }
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// The file type of `code`; `size` is a fixed string's length. Invalid if HDF5 refuses.
Handle make_type(uint8_t code, size_t size);

} // namespace gyrus::fuzz::script
