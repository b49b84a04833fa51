#include "training/io/atomic_file.h"

#include "training/io/temporary_files.h"

#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>

namespace gyrus::io {

void write_atomically(const std::filesystem::path& destination,
                      const std::function<void(const std::filesystem::path& tmp)>& write) {
  namespace fs = std::filesystem;
  const fs::path directory =
      destination.has_parent_path() ? destination.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw std::runtime_error("cannot write '" + destination.string() + "': directory '" +
                             directory.string() + "' does not exist");
  if (fs::is_directory(destination, ec))
    throw std::runtime_error("cannot write '" + destination.string() + "': it is a directory");
  fs::path tmp = destination;
  tmp += ".tmp." + std::to_string(::getpid());
  const TemporaryFileGuard guard(tmp); // SIGINT or SIGTERM from here on removes it
  try {
    write(tmp);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  fs::rename(tmp, destination, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error("cannot write '" + destination.string() + "': " + ec.message());
  }
}

} // namespace gyrus::io
