// Structure-aware fuzzing of gyrus's HDF5 readers (network files, NIR). libhdf5's own
// parser is not robust against arbitrary bytes, and it is not gyrus code, so the fuzz
// input is not an HDF5 file: it is a small script that builds one through the HDF5 API,
// in memory. Every file the readers see is thus well formed HDF5 whose groups,
// datasets, attributes, types, shapes and values are the fuzzer's choice. docs/fuzzing.md
// describes the encoding; encode_hdf5_file turns an existing file into a script, for
// the seed corpora (make_hdf5_corpus.cpp).
//
// Plain bytes read front to back, not FuzzedDataProvider: the replay executables build
// with any compiler (FuzzedDataProvider.h ships with Clang only), and the seed encoder
// must write exactly what the decoder reads.
#pragma once

#include <H5Cpp.h>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gyrus::fuzz {

/// Names and string values a script refers to by one byte, so that a mutation swaps
/// one meaningful name for another instead of garbling it.
using Dictionary = std::vector<std::string>;

/// Builds the HDF5 file that `script` describes and opens it read-only from memory
/// (HDF5's core driver), as a reader opens a file on disk. Steps that HDF5 refuses (a
/// name twice, a group under a dataset, a dimension too large for an attribute) are
/// skipped. Nullopt only if HDF5 cannot make a file at all.
std::optional<H5::H5File> build_hdf5_file(std::span<const uint8_t> script, const Dictionary& names);

/// A script that rebuilds the file at `path`: its groups, datasets and attributes in
/// name order, with their types (those the script can express; others are left out),
/// shapes and values. Throws std::runtime_error if the file cannot be read.
std::vector<uint8_t> encode_hdf5_file(const std::string& path, const Dictionary& names);

} // namespace gyrus::fuzz
