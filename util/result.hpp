// A small expected-like type: library code returns Result<T>; only the CLI turns errors into exits.
// (GCC 12 has std::expected only under -std=c++23.)
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "util/error.hpp"

namespace klarmeld {

template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : m_state(std::move(value)) {}
  Result(Error error) : m_state(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<Error>(m_state); }
  Error&& take_error() { return std::get<Error>(std::move(m_state)); }

private:
  std::variant<T, Error> m_state;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

} // namespace klarmeld

// TRY(expr): propagate an error from a Result-returning expression, else yield its value.
#define KLARMELD_CONCAT_INNER(a, b) a##b
#define KLARMELD_CONCAT(a, b) KLARMELD_CONCAT_INNER(a, b)
#define TRY_ASSIGN_IMPL(tmp, lhs, expr)                                                                                \
  auto tmp = (expr);                                                                                                   \
  if (!tmp.ok()) {                                                                                                     \
    return tmp.take_error();                                                                                           \
  }                                                                                                                    \
  lhs = std::move(tmp).value()
#define TRY_ASSIGN(lhs, expr) TRY_ASSIGN_IMPL(KLARMELD_CONCAT(try_tmp_, __LINE__), lhs, expr)
#define TRY(expr)                                                                                                      \
  do {                                                                                                                 \
    auto try_status_ = (expr);                                                                                         \
    if (!try_status_.ok()) {                                                                                           \
      return try_status_.take_error();                                                                                 \
    }                                                                                                                  \
  } while (false)
