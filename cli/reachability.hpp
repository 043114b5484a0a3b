// A cheap pre-flight: can we open a TCP connection to any endpoint at all? Tells "the environment is
// down" (exit 3, could not run) apart from "the vendor's system fails the criteria" (exit 1).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace klarmeld::cli {

bool any_reachable(const std::vector<std::string>& urls, std::chrono::milliseconds timeout);

} // namespace klarmeld::cli
