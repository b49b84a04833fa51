// libFuzzer target for the chip-description loader: any text must either parse into a
// description or be refused with gyrus::target::TargetError. Anything else escaping (a
// JSON library exception, a crash, a sanitizer report) is a bug. Built with libFuzzer
// under Clang; target_fuzz_replay runs it over the seed corpus under any compiler.
#include "targets/target_description.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const gyrus::target::TargetDescription target =
        gyrus::target::parse_target_description(text, "fuzz");
    // What parses must print back to an equal description.
    const std::string again = gyrus::target::to_json(target).dump();
    if (!(gyrus::target::parse_target_description(again, "fuzz") == target))
      __builtin_trap();
  } catch (const gyrus::target::TargetError&) {
  }
  return 0;
}
