#include "profile/cvr.hpp"

namespace klarmeld::profile {

bool is_valid_cvr(std::string_view cvr) {
  constexpr int weights[8] = {2, 7, 6, 5, 4, 3, 2, 1};
  if (cvr.size() != 8) {
    return false;
  }
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    if (cvr[i] < '0' || cvr[i] > '9') {
      return false;
    }
    sum += weights[i] * (cvr[i] - '0');
  }
  return sum % 11 == 0;
}

} // namespace klarmeld::profile
