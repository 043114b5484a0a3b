#include "bench/engine/machine_yardstick.hpp"

#include <array>
#include <ctime>
#include <memory>

#include <openssl/evp.h>

namespace klarmeld::bench {
namespace {

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

} // namespace

Result<double> rsa_signature_cpu_ms(int signatures) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}),
                                                          &EVP_PKEY_free);
  if (!key) {
    return internal_error("bench.yardstick", "cannot make an RSA-2048 key");
  }
  const std::array<unsigned char, 32> message{};
  std::array<unsigned char, 256> signature{};
  constexpr int warm_up = 20; // the key's first uses (blinding set-up, caches) are not counted
  double start = 0;
  for (int i = -warm_up; i < signatures; ++i) {
    if (i == 0) {
      start = thread_cpu_ms();
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    size_t length = signature.size();
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), signature.data(), &length, message.data(), message.size()) != 1) {
      return internal_error("bench.yardstick", "an RSA-2048 signature failed");
    }
  }
  return (thread_cpu_ms() - start) / signatures;
}

} // namespace klarmeld::bench
