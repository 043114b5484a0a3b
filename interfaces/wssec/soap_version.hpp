// The SOAP version is a property of each KOMBIT binding, not a constant (issue #15, defect 3): the
// support systems' WSDLs bind SF1500/SF1510/SF1490 with SOAP 1.2 and SF1470 with SOAP 1.1
// (interfaces/soap/soap_operations.cpp cites each). The envelope namespace and the HTTP headers follow it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "interfaces/wssec/ws_names.hpp"

namespace klarmeld::wssec {

enum class SoapVersion { Soap11, Soap12 };

inline const char* envelope_namespace(SoapVersion version) {
  return version == SoapVersion::Soap11 ? ns::soap11 : ns::soap12;
}

inline const char* version_name(SoapVersion version) {
  return version == SoapVersion::Soap11 ? "SOAP 1.1" : "SOAP 1.2";
}

// The HTTP headers that carry the action: SOAP 1.1 §6.1.1 sends text/xml and a quoted SOAPAction
// header; SOAP 1.2 (RFC 3902 §3) puts it in application/soap+xml's action parameter.
inline std::vector<std::pair<std::string, std::string>> soap_http_headers(SoapVersion version,
                                                                          const std::string& action) {
  if (version == SoapVersion::Soap11) {
    return {{"Content-Type", ns::soap11_content_type}, {"SOAPAction", "\"" + action + "\""}};
  }
  return {{"Content-Type", std::string(ns::soap12_content_type) + "; action=\"" + action + "\""}};
}

} // namespace klarmeld::wssec
