// Values of XML Schema built-in simple types read as the schema defines them (XML Schema Part 2,
// W3C REC 2004): the lexical space, after the type's whiteSpace facet. SAML metadata, SOAP and REST
// bodies written by other stacks use every lexical form the type allows; Shibboleth SP writes
// AuthnRequestsSigned="1", mod_auth_mellon writes "true".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klarmeld {

// whiteSpace="collapse" (Part 2 §4.3.6): tab, CR, LF become spaces, runs of spaces become one,
// leading and trailing spaces go. The facet of xs:boolean, xs:anyURI, xs:token and the numbers.
std::string xs_collapse(std::string_view text);

// xs:boolean (Part 2 §3.2.2): "true"/"1" and "false"/"0" after collapsing; anything else nullopt.
std::optional<bool> xs_boolean(std::string_view text);

// xs:unsignedShort (Part 2 §3.3.23): optional "+", decimal digits, at most 65535; else nullopt.
std::optional<std::uint16_t> xs_unsigned_short(std::string_view text);

} // namespace klarmeld
