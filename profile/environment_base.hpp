// A profile's environment from one of KOMBIT's environment files (`environment: eksterntest`,
// criteria/model/kombit_environment.hpp): the values without their sources, which only
// `klarmeld environment show` prints.
#pragma once

#include "criteria/model/kombit_environment.hpp"
#include "profile/profile.hpp"

namespace klarmeld::profile {

Environment environment_from(const criteria::KombitEnvironment& kombit);

} // namespace klarmeld::profile
