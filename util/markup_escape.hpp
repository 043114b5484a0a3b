// Escaping text for markup written by hand: XML element text and attribute values, HTML. The one
// place the project spells entities, in the three dialects its outputs need.
#pragma once

#include <string>
#include <string_view>

namespace klarmeld {

// & < > " ' as the five predefined entities (XML 1.0 §4.6); safe in text and in either quote style.
std::string escape_xml(std::string_view text);

// As escape_xml, but the apostrophe as &#39;: HTML 4 has no &apos; (HTML Living Standard §13.1.4
// character references work everywhere).
std::string escape_html(std::string_view text);

// & < > " escaped, the apostrophe left alone and a carriage return written as &#xD; — the way
// Canonical XML writes them (C14N 1.0 §2.3), so the parts a package signature covers read back
// byte for byte as written (a literal CR would be normalised away by any parser, XML 1.0 §2.11).
std::string escape_xml_canonical(std::string_view text);

} // namespace klarmeld
