// The only way untrusted XML (responses, assertions, metadata, requests to the fixture, package
// signature parts) is parsed, with the one set of limits below. Hardened against the XML attack
// families: no network (XML_PARSE_NONET), no entity substitution, no DTD loading — and any DOCTYPE
// is refused while parsing, before its internal subset is read (KOMBIT's SOAP/SAML and ECMA-376-2
// signature parts never carry one; internal subsets are how XXE and billion-laughs arrive).
// Size and depth are capped: 16 MiB and 256 levels by default (a signature part is a few KiB, a
// SOAP answer well below a MiB); callers that know their input is smaller pass a lower cap.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/xml/xml_handles.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

inline constexpr size_t default_max_xml_bytes = size_t{16} << 20;
inline constexpr int default_max_xml_depth = 256;

// Errors are Input errors (code xml.*) naming origin:line:col, e.g. "xml.doctype", "xml.too-large",
// "xml.too-deep", "xml.malformed".
Result<XmlDocPtr> parse_untrusted_xml(std::string_view text, const std::string& origin,
                                      size_t max_bytes = default_max_xml_bytes, int max_depth = default_max_xml_depth);

} // namespace klarmeld::crypto::xml
