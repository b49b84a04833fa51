// Everything the loader checks beyond the bytes: that an image is one a simulator can run
// on its target without a bounds check of its own. The writer runs it too, so that no
// tool ever writes an image the loader refuses. docs/image-format.md, "Validation", lists
// the rules; the parameter ranges are compiler/lib/Dialect/SNN/NeuronModels.cpp's
// integer tables:
//
//   cuba_lif           du, dv [0, 4095]; vth_mant [0, 2^17 - 1] or absent; bias_exp [0, 7];
//                      refractory [0, 63]; bias (bias_mant) [-2^12, 2^12 - 1]
//   sigma_delta        vth [0, 2^23 - 1]; state_exp [0, 7]; bias [-2^23, 2^23 - 1]
//   leaky_sigma_delta  alpha_q [1, 4096]; vth [0, 2^23 - 1]; sigma_frac_bits [0, 24];
//                      bias [-2^23, 2^23 - 1]
//   linear             sigma_frac_bits [0, 24]; bias [-2^23, 2^23 - 1]
//
// and the weight exponents compiler/lib/Transforms/TargetOption.h allows: [-7, 7] for
// synapses onto cuba_lif, [-24, 7] otherwise, with weight_exp + sigma_frac_bits >= 0 for
// leaky_sigma_delta and linear (runtime/ref's align_to_sigma).
#pragma once

#include "runtime/image/image.h"

#include <string_view>

namespace gyrus::image {

/// Throws gyrus::ImageError naming `origin`, the section and the field of the first
/// violation found, checking the sections in file order.
void validate_image(const Image& image, std::string_view origin);

} // namespace gyrus::image
