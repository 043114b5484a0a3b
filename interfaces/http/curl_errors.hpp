// libcurl result codes → klarmeld error codes ("http.connect", "http.tls", …), so probes and reports
// can tell a refused connection from a certificate problem without parsing curl's English.
#pragma once

#include <string>

#include <curl/curl.h>

#include "util/error.hpp"

namespace klarmeld::http {

// The stable code for a failed transfer, e.g. CURLE_OPERATION_TIMEDOUT → "http.timeout".
std::string error_code_for(CURLcode code);

// A Runtime error naming the URL and curl's detail (errbuf when it has one).
Error transfer_error(CURLcode code, const std::string& url, const std::string& detail);

} // namespace klarmeld::http
