#include "runtime/image/image.h"

#include <algorithm>

namespace gyrus::image {
namespace {

// FNV-1a, 64-bit (Fowler, Noll, Vo): simple enough to recompute from the spec in any
// language, which is all a description's identity needs; the CRCs guard the bytes.
constexpr uint64_t kFnvOffsetBasis = 0xCBF29CE484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001B3ull;

uint64_t fnv1a_64(std::string_view text) {
  uint64_t hash = kFnvOffsetBasis;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

struct ModelName {
  std::string_view operator()(const CubaLifParams&) const { return "cuba_lif"; }
  std::string_view operator()(const SigmaDeltaParams&) const { return "sigma_delta"; }
  std::string_view operator()(const LeakySigmaDeltaParams&) const { return "leaky_sigma_delta"; }
  std::string_view operator()(const LinearParams&) const { return "linear"; }
};

} // namespace

std::string_view neuron_model_name(const NeuronParams& params) {
  return std::visit(ModelName{}, params);
}

uint32_t Core::compartment_count() const {
  return groups.empty() ? 0 : groups.back().end();
}

uint32_t Core::in_axon_count() const {
  return synapses.empty() ? 0 : synapses.back().end_axon();
}

const CompartmentGroup* Core::group_of(uint32_t compartment) const {
  // Groups are sorted and disjoint: the candidate is the last one starting at or before.
  auto after = std::upper_bound(
      groups.begin(), groups.end(), compartment,
      [](uint32_t value, const CompartmentGroup& group) { return value < group.first; });
  if (after == groups.begin())
    return nullptr;
  const CompartmentGroup& group = *std::prev(after);
  return compartment < group.end() ? &group : nullptr;
}

std::string canonical_target_json(const target::TargetDescription& target) {
  return target::to_json(target).dump();
}

uint64_t target_hash(const target::TargetDescription& target) {
  return fnv1a_64(canonical_target_json(target));
}

} // namespace gyrus::image
