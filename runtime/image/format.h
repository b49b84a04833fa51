// The fixed numbers of the .gimg byte layout that the writer and the loader share:
// magic, version, header fields, section ids. docs/image-format.md is the full spec.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gyrus::image::format {

/// "GIMG" then CR LF, SUB, LF as PNG does: a text-mode transfer or a truncated first line
/// changes the magic instead of passing as an image.
inline constexpr std::array<uint8_t, 8> kMagic = {'G', 'I', 'M', 'G', '\r', '\n', 0x1A, '\n'};

/// Any change to the layout increments the version; a loader reads only the versions it
/// knows (docs/image-format.md, "Versioning").
inline constexpr uint32_t kVersion = 1;

/// Header: magic (8), version (4), header size (4), section count (4), header CRC (4),
/// target hash (8), target name (32, NUL-padded).
inline constexpr size_t kHeaderSize = 64;
inline constexpr size_t kVersionOffset = 8;
inline constexpr size_t kHeaderSizeOffset = 12;
inline constexpr size_t kSectionCountOffset = 16;
inline constexpr size_t kHeaderCrcOffset = 20;
inline constexpr size_t kTargetHashOffset = 24;
inline constexpr size_t kTargetNameOffset = 32;
inline constexpr size_t kTargetNameSize = 32;

/// Section table entry: id (4), CRC-32 of the section's bytes (4), offset (8), size (8).
inline constexpr size_t kSectionEntrySize = 24;

/// The sections of version 1, each exactly once, in this order, packed back to back
/// after the section table. Every reference points to an earlier section, so the loader
/// validates in one pass.
enum class SectionId : uint32_t {
  Chip = 1,     ///< the target description's canonical JSON
  Metadata = 2, ///< names, hashes, populations
  Cores = 3,    ///< coordinates and compartment groups
  Synapses = 4, ///< per core: synapse blocks
  Axons = 5,    ///< per core: the output axon table
  Routes = 6,   ///< router paths between cores
  Inputs = 7,   ///< host input ports
  Outputs = 8,  ///< host output ports
};

inline constexpr std::array<SectionId, 8> kSectionOrder = {
    SectionId::Chip,  SectionId::Metadata, SectionId::Cores,  SectionId::Synapses,
    SectionId::Axons, SectionId::Routes,   SectionId::Inputs, SectionId::Outputs};

inline constexpr std::string_view section_name(SectionId id) {
  switch (id) {
  case SectionId::Chip:
    return "chip";
  case SectionId::Metadata:
    return "metadata";
  case SectionId::Cores:
    return "cores";
  case SectionId::Synapses:
    return "synapses";
  case SectionId::Axons:
    return "axons";
  case SectionId::Routes:
    return "routes";
  case SectionId::Inputs:
    return "inputs";
  case SectionId::Outputs:
    return "outputs";
  }
  return "unknown";
}

/// Neuron model codes in the cores section.
enum class ModelCode : uint8_t { CubaLif = 1, SigmaDelta = 2, LeakySigmaDelta = 3, Linear = 4 };

/// cuba_lif's vth_mant when absent (the compartments never spike).
inline constexpr int32_t kNoThreshold = -1;

} // namespace gyrus::image::format
