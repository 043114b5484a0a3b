#include "sign/cms_certificates.hpp"

#include <openssl/asn1.h>

namespace klarmeld::sign {
namespace {

// One TLV of definite length inside [cursor, end).
struct Element {
  int tag = 0;
  int tag_class = 0;
  bool constructed = false;
  std::string_view whole;   // header and content
  std::string_view content; // content only
};

std::optional<Element> next_element(std::string_view& rest) {
  const auto* start = reinterpret_cast<const unsigned char*>(rest.data());
  const unsigned char* cursor = start;
  long length = 0;
  Element element;
  int flags = ASN1_get_object(&cursor, &length, &element.tag, &element.tag_class, static_cast<long>(rest.size()));
  // 0x80: malformed or longer than the input; bit 0: indefinite length (BER, not DER).
  if ((flags & 0x80) != 0 || (flags & 0x01) != 0) {
    return std::nullopt;
  }
  element.constructed = (flags & V_ASN1_CONSTRUCTED) != 0;
  auto header = static_cast<std::size_t>(cursor - start);
  auto size = header + static_cast<std::size_t>(length);
  element.whole = rest.substr(0, size);
  element.content = rest.substr(header, static_cast<std::size_t>(length));
  rest.remove_prefix(size);
  return element;
}

bool is(const Element& element, int tag_class, int tag) {
  return element.constructed && element.tag_class == tag_class && element.tag == tag;
}

std::string wrap(int tag_class, int tag, std::string_view content) {
  std::string out(static_cast<std::size_t>(ASN1_object_size(1, static_cast<int>(content.size()), tag)), '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(out.data());
  ASN1_put_object(&cursor, 1, static_cast<int>(content.size()), tag, tag_class);
  auto header = static_cast<std::size_t>(cursor - reinterpret_cast<unsigned char*>(out.data()));
  out.replace(header, std::string::npos, content);
  return out;
}

} // namespace

std::optional<CmsWithoutCertificates> split_cms_certificates(std::string_view der) {
  // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT SignedData }
  std::string_view rest = der;
  auto content_info = next_element(rest);
  if (!content_info || !rest.empty() || !is(*content_info, V_ASN1_UNIVERSAL, V_ASN1_SEQUENCE)) {
    return std::nullopt;
  }
  std::string_view inside = content_info->content;
  auto content_type = next_element(inside);
  auto explicit_content = next_element(inside);
  if (!content_type || !explicit_content || !inside.empty() || !is(*explicit_content, V_ASN1_CONTEXT_SPECIFIC, 0)) {
    return std::nullopt;
  }
  std::string_view wrapped = explicit_content->content;
  auto signed_data = next_element(wrapped);
  if (!signed_data || !wrapped.empty() || !is(*signed_data, V_ASN1_UNIVERSAL, V_ASN1_SEQUENCE)) {
    return std::nullopt;
  }
  // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
  //   certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos }
  CmsWithoutCertificates split;
  std::string body;
  std::string_view fields = signed_data->content;
  bool certificates_seen = false;
  for (int index = 0; !fields.empty(); ++index) {
    auto field = next_element(fields);
    if (!field) {
      return std::nullopt;
    }
    if (index == 3 && is(*field, V_ASN1_CONTEXT_SPECIFIC, 0)) {
      certificates_seen = true;
      std::string_view set = field->content;
      while (!set.empty()) {
        auto certificate = next_element(set);
        if (!certificate || !is(*certificate, V_ASN1_UNIVERSAL, V_ASN1_SEQUENCE)) {
          return std::nullopt; // another CertificateChoices alternative: decoded as it is
        }
        split.certificates.push_back(certificate->whole);
      }
      continue;
    }
    body.append(field->whole);
  }
  if (!certificates_seen) {
    return std::nullopt; // nothing to gain
  }
  split.der = wrap(V_ASN1_UNIVERSAL, V_ASN1_SEQUENCE,
                   std::string(content_type->whole) +
                       wrap(V_ASN1_CONTEXT_SPECIFIC, 0, wrap(V_ASN1_UNIVERSAL, V_ASN1_SEQUENCE, body)));
  return split;
}

} // namespace klarmeld::sign
