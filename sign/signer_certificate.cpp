#include "sign/signer_certificate.hpp"

#include <cctype>
#include <ctime>

namespace klarmeld::sign {

ChainCheck check_chain(X509* signer, const std::vector<crypto::X509Ptr>& untrusted,
                       const std::vector<crypto::X509Ptr>& trust_anchors, std::optional<TimePoint> at) {
  ChainCheck check;
  if (trust_anchors.empty()) {
    check.problem = "no trust anchor was given (--trust)";
    return check;
  }
  crypto::X509StorePtr store(X509_STORE_new());
  for (const crypto::X509Ptr& anchor : trust_anchors) {
    X509_STORE_add_cert(store.get(), anchor.get());
  }
  crypto::X509StackPtr chain(sk_X509_new_null());
  for (const crypto::X509Ptr& certificate : untrusted) {
    X509_up_ref(certificate.get());
    sk_X509_push(chain.get(), certificate.get());
  }
  crypto::X509StoreCtxPtr context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), signer, chain.get());
  X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
  // Partial chains are fine: an issuing CA given as anchor is trusted as such (RFC 5280 §6.1 trust anchor).
  X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_PARTIAL_CHAIN);
  if (at) {
    X509_VERIFY_PARAM_set_time(parameters, Clock::to_time_t(*at));
  }
  if (X509_verify_cert(context.get()) == 1) {
    check.trusted = true;
  } else {
    int error = X509_STORE_CTX_get_error(context.get());
    check.problem = std::string("no chain to a given trust anchor: ") + X509_verify_cert_error_string(error);
  }
  return check;
}

std::optional<TimePoint> parse_xml_datetime(std::string_view text) {
  auto digits = [&](size_t position, size_t count) -> std::optional<int> {
    if (position + count > text.size()) {
      return std::nullopt;
    }
    int value = 0;
    for (size_t i = position; i < position + count; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
        return std::nullopt;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2), hour = digits(11, 2), minute = digits(14, 2),
       second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 || *day < 1 || *day > 31 ||
      *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  size_t position = 19;
  if (position < text.size() && text[position] == '.') {
    ++position;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
      ++position;
    }
  }
  long offset_seconds = 0;
  if (position < text.size() && text[position] == 'Z') {
    ++position;
  } else if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    auto offset_hours = digits(position + 1, 2), offset_minutes = digits(position + 4, 2);
    if (!offset_hours || !offset_minutes || position + 3 >= text.size() || text[position + 3] != ':') {
      return std::nullopt;
    }
    offset_seconds = (*offset_hours * 3600L + *offset_minutes * 60L) * (text[position] == '+' ? 1 : -1);
    position += 6;
  }
  if (position != text.size()) {
    return std::nullopt;
  }
  std::tm broken{};
  broken.tm_year = *year - 1900;
  broken.tm_mon = *month - 1;
  broken.tm_mday = *day;
  broken.tm_hour = *hour;
  broken.tm_min = *minute;
  broken.tm_sec = *second;
  std::time_t utc = timegm(&broken) - offset_seconds;
  return Clock::from_time_t(utc);
}

} // namespace klarmeld::sign
