// File-name slugs: Danish letters transliterated (æ→ae, ø→oe, å→aa), everything else to '-'.
#pragma once

#include <string>
#include <string_view>

namespace klarmeld {

std::string slugify(std::string_view text);

} // namespace klarmeld
