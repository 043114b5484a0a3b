// Adapters from the token cache to the STS client (interfaces/sts/sts_client.hpp): how a token
// for an entityID is requested, and how it is exchanged at AccessTokenService.
#pragma once

#include "engine/token_cache.hpp"

namespace klarmeld::engine {

class RunResources;

TokenCache::IssueFunction make_issue_function(RunResources& resources);
TokenCache::ExchangeFunction make_exchange_function(RunResources& resources);

} // namespace klarmeld::engine
