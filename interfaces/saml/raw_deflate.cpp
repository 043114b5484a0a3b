#include "interfaces/saml/raw_deflate.hpp"

#include <array>
#include <limits>

#include <zlib.h>

namespace klarmeld::saml {
namespace {

// Negative window bits: raw DEFLATE, no zlib header or Adler-32 trailer (bindings §3.4.4.1).
constexpr int raw_window_bits = -15;
constexpr size_t chunk_bytes = 16 * 1024;

struct InflateStream {
  z_stream stream{};
  bool ready = false;
  InflateStream() { ready = inflateInit2(&stream, raw_window_bits) == Z_OK; }
  ~InflateStream() {
    if (ready) {
      inflateEnd(&stream);
    }
  }
  InflateStream(const InflateStream&) = delete;
  InflateStream& operator=(const InflateStream&) = delete;
};

Error corrupt(const std::string& origin, const z_stream& stream, const char* fallback) {
  return input_error("saml.deflate", origin + " is not valid raw DEFLATE: " +
                                         (stream.msg != nullptr ? std::string(stream.msg) : std::string(fallback)));
}

} // namespace

std::string deflate_raw(std::string_view bytes) {
  z_stream stream{};
  // Level 9 as SAML stacks use; memLevel 8 is zlib's default.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, raw_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH); // deflateBound guarantees one call suffices
  out.resize(status == Z_STREAM_END ? stream.total_out : 0);
  deflateEnd(&stream);
  return out;
}

Result<std::string> inflate_raw(std::string_view deflated, const std::string& origin, size_t max_bytes) {
  const size_t cap = max_bytes > 0 ? max_bytes : default_max_inflated_bytes;
  if (deflated.size() > std::numeric_limits<uInt>::max()) {
    return input_error("saml.too-large", origin + " exceeds the limit of " + std::to_string(cap) + " bytes");
  }
  InflateStream inflater;
  if (!inflater.ready) {
    return internal_error("saml.deflate", "could not start zlib inflate for " + origin);
  }
  z_stream& stream = inflater.stream;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  stream.avail_in = static_cast<uInt>(deflated.size());
  std::string out;
  std::array<char, chunk_bytes> chunk{};
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      // Z_BUF_ERROR with input left means no progress is possible; without input, the data ended early.
      return corrupt(origin, stream, stream.avail_in == 0 ? "the stream is truncated" : "no progress");
    }
    const size_t produced = chunk.size() - stream.avail_out;
    // Checked before the bytes are kept, so a bomb costs at most one chunk beyond the cap.
    if (out.size() + produced > cap) {
      return input_error("saml.too-large", origin + " inflates beyond the limit of " + std::to_string(cap) + " bytes");
    }
    out.append(chunk.data(), produced);
    if (status == Z_OK && stream.avail_in == 0 && produced == 0) {
      return corrupt(origin, stream, "the stream is truncated");
    }
  }
  if (stream.avail_in != 0) {
    return input_error("saml.deflate", origin + " has " + std::to_string(stream.avail_in) +
                                           " bytes after the end of its DEFLATE stream");
  }
  return out;
}

} // namespace klarmeld::saml
