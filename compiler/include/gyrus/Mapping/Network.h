// The network the mapper sees: neurons grouped in populations, synapses as CSR by
// source neuron. Plain C++ (no MLIR): the compiler's passes extract it from the snn
// dialect, call partition/place/route/evaluate, and write the results back.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace gyrus::mapping {

/// A network that is malformed (indices out of range, arrays of the wrong length,
/// populations that do not tile the neurons). Not fitting on a target is not an
/// exception: partition() and place() report it in their results.
class MappingError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A position in the plane (BIMT's neuron coordinates), in any unit.
using Position = std::array<float, 2>;

/// Neurons [first, first + count) of one neuron model. Input populations live on the
/// host: they are never placed on cores, but each of their neurons needs an input
/// axon on every core it sends to.
struct Population {
  std::string name;
  std::string neuron_model; ///< snn model name (cuba_lif, sigma_delta, ...)
  int32_t first = 0;
  int32_t count = 0;
  bool is_input = false;
  std::vector<Position> positions; ///< empty, or one per neuron

  bool has_positions() const { return !positions.empty(); }
  int32_t end() const { return first + count; }
};

/// Neurons 0..N-1 in populations that tile them in order, and synapses as CSR by
/// source: the synapses of neuron n are [out_indptr[n], out_indptr[n + 1]).
struct MappingNetwork {
  std::vector<Population> populations;
  std::vector<int64_t> out_indptr = {0}; ///< N + 1 entries
  std::vector<int32_t> out_targets;      ///< target neuron per synapse
  std::vector<float> out_weights;        ///< |w| per synapse (float or integer mantissa)
  std::vector<int32_t> out_delays;       ///< empty (all 0), or extra timesteps per synapse

  int32_t num_neurons() const { return static_cast<int32_t>(out_indptr.size()) - 1; }
  int64_t num_synapses() const { return static_cast<int64_t>(out_targets.size()); }
  bool has_delays() const { return !out_delays.empty(); }
  int32_t delay(int64_t synapse) const { return out_delays.empty() ? 0 : out_delays[synapse]; }

  /// Population index of every neuron.
  std::vector<int32_t> population_of_neurons() const;

  /// Throws MappingError unless the populations tile 0..N-1 in order, positions have
  /// one entry per neuron, and every synapse array has one entry per synapse with
  /// targets in range and delays non-negative. No synapse may target an input neuron.
  void validate() const;
};

/// The synapses of a network grouped by target neuron (the transpose of its CSR):
/// what one core needs to know about the axons that feed it.
struct IncomingSynapses {
  std::vector<int64_t> indptr; ///< N + 1 entries
  std::vector<int32_t> sources;
  std::vector<int32_t> delays; ///< empty when the network has none

  static IncomingSynapses of(const MappingNetwork& network);
};

/// Builds a MappingNetwork from populations and projections given as the snn dialect
/// holds them: CSR over target rows, indices into the source population.
class NetworkBuilder {
public:
  /// Adds `count` neurons; `positions` is empty or has `count` entries. Returns the
  /// population's index.
  int32_t add_population(std::string name, std::string neuron_model, int32_t count,
                         std::vector<Position> positions = {}, bool is_input = false);

  /// Adds synapses from population `source` to population `target`: `indptr` has
  /// target-count + 1 entries, `indices` (source neurons, relative to `source`),
  /// `weights` and `delays` (empty, or one per synapse) have indptr.back(). Weights are
  /// stored as magnitudes.
  void add_projection(int32_t source, int32_t target, std::span<const int64_t> indptr,
                      std::span<const int32_t> indices, std::span<const float> weights,
                      std::span<const int32_t> delays = {});

  /// The network, synapses sorted by source neuron (stable in the order added).
  MappingNetwork build() &&;

private:
  std::vector<Population> populations_;
  int32_t neurons_ = 0;
  // Synapses as added, in coordinate form, until build() sorts them by source.
  std::vector<int32_t> sources_, targets_, delays_;
  std::vector<float> weights_;
  bool any_delays_ = false;
};

} // namespace gyrus::mapping
