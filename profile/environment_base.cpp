#include "profile/environment_base.hpp"

namespace klarmeld::profile {

Environment environment_from(const criteria::KombitEnvironment& kombit) {
  Environment environment;
  environment.name = kombit.name;
  environment.kombit = kombit.id;
  environment.sts_url = kombit.sts_url.value;
  environment.sts_rest_url = kombit.sts_rest_url.value;
  environment.token_exchange_url = kombit.token_exchange_url.value;
  environment.sts_issuer = kombit.sts_issuer.value;
  for (const auto& [id, service] : kombit.interfaces) {
    InterfaceEndpoint endpoint;
    endpoint.url = service.url.value;
    endpoint.entity_id = service.entity_id.value;
    endpoint.where = service.where;
    for (const auto& [key, option] : service.options) {
      endpoint.options[key] = option.value;
    }
    environment.interfaces[id] = std::move(endpoint);
  }
  return environment;
}

} // namespace klarmeld::profile
