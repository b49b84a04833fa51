// Write-then-rename, so a failed or interrupted write never leaves a partial
// file at the destination, nor (training/io/temporary_files.h) a temporary one.
#pragma once

#include <filesystem>
#include <functional>

namespace gyrus::io {

/// Calls `write(tmp)` with a temporary path next to `destination`, then
/// renames it into place. If `write` throws, the temporary file is removed
/// and the exception propagates; a signal removes it too, once
/// remove_temporary_files_on_signals() installed the handler. Throws
/// std::runtime_error naming the path when the destination's directory does
/// not exist or the rename fails.
void write_atomically(const std::filesystem::path& destination,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

} // namespace gyrus::io
