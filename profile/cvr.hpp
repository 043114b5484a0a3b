// Danish CVR numbers (Det Centrale Virksomhedsregister): 8 digits with a modulus-11 check.
#pragma once

#include <string_view>

namespace klarmeld::profile {

// True for exactly 8 ASCII digits whose weighted sum (weights 2,7,6,5,4,3,2,1) is divisible by 11.
bool is_valid_cvr(std::string_view cvr);

} // namespace klarmeld::profile
