// Escaping for the XML this folder writes by hand (attribute values and text).
#pragma once

#include <string>
#include <string_view>

namespace klarmeld::sign {

std::string xml_escape(std::string_view text);

} // namespace klarmeld::sign
