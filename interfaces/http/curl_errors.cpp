#include "interfaces/http/curl_errors.hpp"

namespace klarmeld::http {

std::string error_code_for(CURLcode code) {
  switch (code) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
    return "http.connect";
  case CURLE_OPERATION_TIMEDOUT:
    return "http.timeout";
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_SSL_CLIENTCERT:
  case CURLE_USE_SSL_FAILED:
    return "http.tls";
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return "http.reset";
  case CURLE_WRITE_ERROR:
  case CURLE_FILESIZE_EXCEEDED:
    return "http.too-large";
  case CURLE_ABORTED_BY_CALLBACK:
    return "http.cancelled";
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return "http.bad-url";
  default:
    return "http.failed";
  }
}

Error transfer_error(CURLcode code, const std::string& url, const std::string& detail) {
  std::string message = url + ": " + (detail.empty() ? curl_easy_strerror(code) : detail);
  return runtime_error(error_code_for(code), message);
}

} // namespace klarmeld::http
