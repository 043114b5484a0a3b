// SHA-256 digests as lowercase hex, the form every output shows.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

std::string sha256_hex(std::string_view data);
// The 32 bytes themselves, for a caller that hands one digest of a file to several checks.
std::string sha256(std::string_view data);
Result<std::string> sha256_file_hex(const std::string& path);

class Sha256Stream {
public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(std::string_view data);
  std::string finish_hex();
  std::string finish(); // the digest's bytes

private:
  void* m_ctx;
};

std::string to_hex(std::string_view bytes);

} // namespace klarmeld
