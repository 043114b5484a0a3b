#include "sign/certificate_cache.hpp"

#include <map>
#include <mutex>
#include <string>

namespace klarmeld::sign {
namespace {

// Bounded so a folder of files from many signers cannot grow it without end.
constexpr std::size_t max_cached = 256;

std::mutex g_mutex;
std::map<std::string, crypto::X509Ptr, std::less<>>& cache() {
  static auto* certificates = new std::map<std::string, crypto::X509Ptr, std::less<>>(); // never freed: used to exit
  return *certificates;
}

crypto::X509Ptr new_reference(X509* certificate) {
  X509_up_ref(certificate);
  return crypto::X509Ptr(certificate);
}

} // namespace

crypto::X509Ptr decode_certificate(std::string_view der) {
  {
    std::lock_guard lock(g_mutex);
    auto found = cache().find(der);
    if (found != cache().end()) {
      return new_reference(found->second.get());
    }
  }
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  crypto::X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (!certificate) {
    return certificate;
  }
  std::lock_guard lock(g_mutex);
  if (cache().size() >= max_cached) {
    cache().clear();
  }
  cache().emplace(std::string(der), new_reference(certificate.get()));
  return certificate;
}

} // namespace klarmeld::sign
