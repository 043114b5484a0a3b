#include "crypto/xml/xml_security.hpp"

#include <mutex>

#include <libxml/parser.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/xmlsec.h>

#include "crypto/xml/str_transform.hpp"

namespace klarmeld::crypto::xml {
namespace {

thread_local std::string t_errors;

// xmlsec calls this from C: it must not throw.
void collect_xmlsec_error(const char* /*file*/, int /*line*/, const char* func, const char* error_object,
                          const char* error_subject, int reason, const char* message) noexcept {
  try {
    if (t_errors.size() > 4096) {
      return;
    }
    if (!t_errors.empty()) {
      t_errors += "; ";
    }
    t_errors += func != nullptr ? func : "xmlsec";
    if (error_subject != nullptr) {
      t_errors += std::string("(") + error_subject + ")";
    } else if (error_object != nullptr) {
      t_errors += std::string("(") + error_object + ")";
    }
    t_errors += ": ";
    const char* reason_text = xmlSecErrorsGetMsg(static_cast<xmlSecSize>(reason));
    t_errors += message != nullptr ? message : (reason_text != nullptr ? reason_text : "error");
  } catch (...) {
    // Losing a diagnostic is better than unwinding through C.
  }
}

Status initialise() {
  xmlInitParser();
  if (xmlSecInit() < 0) {
    return internal_error("xmlsec.init", "xmlSecInit failed");
  }
  if (xmlSecCheckVersion() != 1) {
    return internal_error("xmlsec.version", "libxmlsec1 version mismatch with the headers we were built against");
  }
  if (xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0) {
    return internal_error("xmlsec.init", "xmlsec OpenSSL backend failed to initialise: " + take_xmlsec_errors());
  }
  xmlSecErrorsSetCallback(collect_xmlsec_error);
  // No external URIs at all: only same-document references may be dereferenced.
  xmlSecIOCleanupCallbacks();
  return register_str_transform();
}

} // namespace

Status ensure_xml_security() {
  static std::once_flag once;
  static Status result = Ok{};
  std::call_once(once, [] { result = initialise(); });
  return result;
}

std::string take_xmlsec_errors() {
  std::string errors;
  errors.swap(t_errors);
  return errors;
}

} // namespace klarmeld::crypto::xml
