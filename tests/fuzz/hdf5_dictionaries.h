// The dictionaries of the HDF5 fuzz targets (hdf5_script.h), shared with the seed
// corpus generator: a script names these by index, so both must use the same list.
// Append only; reordering or removing an entry changes what the committed seeds mean.
#pragma once

#include "tests/fuzz/hdf5_script.h"

namespace gyrus::fuzz {

/// Every group, dataset, attribute and string value of the layout
/// (docs/file-formats.md), and a few near misses.
inline const Dictionary kNetworkNames = {
    // groups and datasets
    "model", "groups", "input", "hidden", "output", "positions", "weights", "w_in", "w_rec", "b",
    "w_out", "b_out", "provenance", "optimizer", "first_moment", "second_moment",
    // attributes
    "format", "format_version", "gyrus_version", "neuron_model", "alpha", "sigma_rec", "activation",
    "readout", "size", "grid_width", "grid_height", "json", "steps", "suite", "regularizer",
    "lambda", "seed",
    // values
    "gyrus-network", "leaky_rnn", "relu", "softplus", "sigmoid", "0.1.0", "{}", "[]", "{", "null",
    R"({"regularizer": "bimt", "seed": 3})", "/weights", "/groups/hidden", "..", "", "cog20",
    "bimt"};

/// The layout's names, every node type (supported or not), every parameter the
/// importer reads, and node names for edges to refer to.
inline const Dictionary kNirNames = {
    // layout
    "version", "node", "nodes", "edges", "type", "0.1.0", "0.2.0", "input_type", "output_type",
    // node types
    "NIRGraph", "Input", "Output", "Affine", "Linear", "Scale", "LIF", "CubaLIF", "IF", "LI",
    "CubaLI", "Conv2d", "Delay", "Threshold",
    // parameters
    "weight", "bias", "shape", "scale", "tau", "tau_mem", "tau_syn", "r", "v_leak", "v_threshold",
    "v_reset", "w_in", "delay",
    // node names
    "in", "out", "input", "output", "lif", "lif1", "lif2", "w1", "w2", "rec", "s", "cli", "ro",
    "out2", "fc1", "fc2", "0", "1", "2", "lif1.lif", "lif1.w_rec", "linear1", "linear2", "", "a b"};

} // namespace gyrus::fuzz
