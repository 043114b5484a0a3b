#include "interfaces/http/no_answer.hpp"

namespace klarmeld::http {

std::string no_answer_within(std::string_view protocol, std::chrono::milliseconds bound) {
  long long millis = bound.count();
  std::string seconds = std::to_string(millis / 1000);
  if (long long tenths = (millis % 1000) / 100; tenths != 0) {
    seconds += "." + std::to_string(tenths);
  }
  return "no " + std::string(protocol) + " answer within " + seconds + " s";
}

} // namespace klarmeld::http
