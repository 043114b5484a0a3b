// The exact bytes an element occupied in the text it was parsed from — for tokens that must be
// forwarded as issued (a signed SAML assertion is opaque once validated: re-serialising it can move
// namespace declarations or rename prefixes and so change its exclusive-C14N bytes, which breaks the
// issuer's signature; issue #15, defect 1).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "util/result.hpp"

namespace klarmeld::crypto::xml {

struct SourceRange {
  size_t offset = 0;
  size_t length = 0;
};

// `element` must belong to the document parsed from exactly `text`: where its start tag through its
// end tag stand in `text`. Error code xml.source.
Result<SourceRange> element_range(std::string_view text, xmlNode* element);

// `element` must belong to the document parsed from exactly `text` (parse_untrusted_xml). Returns
// the element's start tag through its end tag, byte for byte. Namespaces the subtree uses but inherits
// from its ancestors are declared on its start tag (only when there are any), so the result stands
// alone; exclusive C14N (W3C xml-exc-c14n §3) emits a declaration only where a prefix is visibly
// used, so adding them leaves the canonical bytes — and signatures over them — unchanged.
// Error code xml.source (the element could not be located in the text).
Result<std::string> element_source(std::string_view text, xmlNode* element);

} // namespace klarmeld::crypto::xml
