// SHA-256 digests as lowercase hex, the form every output shows.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace klarmeld {

std::string sha256_hex(std::string_view data);
Result<std::string> sha256_file_hex(const std::string& path);

class Sha256Stream {
public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(std::string_view data);
  std::string finish_hex();

private:
  void* m_ctx;
};

std::string to_hex(std::string_view bytes);

} // namespace klarmeld
