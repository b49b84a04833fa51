// The one exception the image library throws. Its message says where the problem is:
// the origin (a file name, or "serialize" for an image being written), then the header,
// the section table or the section with the path to the field, e.g.
// "model.gimg: section 'cores', core 3, group 1: du = 5000 is outside [0, 4095]".
#pragma once

#include <stdexcept>

namespace gyrus {

class ImageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace gyrus
