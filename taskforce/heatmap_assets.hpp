// The inline stylesheet and script of the HTML heat map (kept apart from the writer for readability).
#pragma once

namespace klarmeld::taskforce {

extern const char* const heatmap_css;
extern const char* const heatmap_js;

} // namespace klarmeld::taskforce
