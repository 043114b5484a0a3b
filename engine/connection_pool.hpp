// How many connections a run's HTTP client may keep open at once (libcurl's total limit, which
// counts idle keep-alive connections too).
#pragma once

#include <cstddef>

#include "profile/profile.hpp"

namespace klarmeld::engine {

// `per_host` for every HTTP(S) host the profile's environment names (the STS endpoints, every
// interface's URL and the URLs among its options), and never fewer than `concurrency`. Requests in
// flight stay bounded by the run's workers (`concurrency`) and per host by `per_host`; this only keeps
// each host's idle connections for its next request.
long connection_pool_size(const profile::Environment& environment, int per_host, int concurrency);

} // namespace klarmeld::engine
