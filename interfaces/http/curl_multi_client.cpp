#include "interfaces/http/curl_multi_client.hpp"

#include <algorithm>
#include <mutex>
#include <string_view>

#include <openssl/ssl.h>

#include "crypto/described_certificates.hpp"
#include "crypto/identity.hpp"
#include "crypto/tls_identity.hpp"
#include "interfaces/http/curl_errors.hpp"
#include "interfaces/http/no_answer.hpp"
#include "util/task_context.hpp"

namespace klarmeld::http {

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlMultiClient::Transfer {
  CurlEasyPtr easy;
  CurlSlistPtr headers;
  std::string url;
  std::string request_body;
  Response response;
  size_t cap = 0;
  bool too_large = false;
  bool tls_captured = false;
  bool tls_started = false; // TCP stood and the TLS handshake began (on_ssl_context; event loop thread)
  char errbuf[CURL_ERROR_SIZE] = {};

  std::mutex mutex;
  std::condition_variable finished;
  bool under_way = false; // connected, the request going out (set by the event loop)
  bool done = false;
  CURLcode result = CURLE_OK;
  std::string forced_error; // set when the client itself ended the transfer (cancel, shutdown)
  // The request's place among the host's (and all hosts') requests in flight. Given back the moment
  // the exchange ends, on the event loop's thread: the requesting worker may then wait for a CPU slot
  // (util::WaitingOffCpu) behind other tasks' signing, and a request already answered is no longer in
  // flight for the server, so it must not keep the next request off the wire meanwhile.
  std::optional<HostLimiter::Slot> place;
  int requests_started = 0;     // by libcurl on this handle (on_request_start; event loop thread)
  bool refuse_restart = false;  // on a pooled connection: perform_once sends it again instead of libcurl
  bool restart_refused = false; // libcurl was about to start the request again (on_request_start)
};

namespace {

using Transfer = CurlMultiClient::Transfer;

void complete(Transfer& transfer, CURLcode result, const std::string& forced_error = {}) {
  transfer.place.reset(); // before the transfer's lock: the limiter takes its own
  // Notify under the lock: the waiting thread holds a shared_ptr, so the Transfer outlives this.
  std::lock_guard lock(transfer.mutex);
  transfer.result = result;
  transfer.forced_error = forced_error;
  transfer.done = true;
  transfer.finished.notify_all();
}

void capture_tls_facts(Transfer& transfer) {
  transfer.tls_captured = true;
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(transfer.easy.get(), CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == nullptr ||
      info->backend != CURLSSLBACKEND_OPENSSL || info->internals == nullptr) {
    return;
  }
  SSL* ssl = static_cast<SSL*>(info->internals);
  TlsFacts& facts = transfer.response.tls;
  facts.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    facts.cipher = SSL_CIPHER_get_name(cipher);
  }
  if (X509* peer = SSL_get0_peer_certificate(ssl)) {
    // The same few server certificates answer every request of a run (crypto/described_certificates).
    crypto::CertificateInfo described = crypto::describe_remembered(peer);
    facts.peer_subject = described.subject;
    facts.peer_issuer = described.issuer;
    facts.peer_not_after = iso8601_utc(described.not_after);
  }
}

// The handshake began but libcurl never reached the point of sending the request.
bool handshake_unfinished(Transfer& transfer) {
  curl_off_t ready = 0;
  return transfer.tls_started &&
         (curl_easy_getinfo(transfer.easy.get(), CURLINFO_APPCONNECT_TIME_T, &ready) != CURLE_OK || ready == 0);
}

// The request failed while still being sent, on a connection kept alive from an earlier exchange,
// and not one byte of an answer came: the server closed that idle connection (its keep-alive timeout)
// just as libcurl picked it, the race RFC 9112 §9.5 describes. A server acts on a request only once
// it has all of it, so this one was never applied and may go again, idempotent or not (RFC 9110
// §9.2.2). libcurl resends on a fresh connection itself when the first write of the request fails
// or the answer fails before its first byte, on a reused connection (curl/curl lib/multi.c and
// lib/transfer.c, Curl_retry_request), but not when a later write fails: the rest of a request
// larger than the socket took at once.
bool unsent_on_reused_connection(Transfer& transfer) {
  if (transfer.result != CURLE_SEND_ERROR || !transfer.forced_error.empty()) {
    return false;
  }
  CURL* easy = transfer.easy.get();
  long new_connections = -1; // 0: the transfer ran on a pooled connection (CURLINFO_NUM_CONNECTS(3))
  long header_bytes = -1;
  curl_off_t body_bytes = -1;
  return curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &new_connections) == CURLE_OK && new_connections == 0 &&
         curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes) == CURLE_OK && header_bytes == 0 &&
         curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes) == CURLE_OK && body_bytes == 0;
}

// libcurl callbacks: no exception may cross them (style rule); a failure aborts the transfer.

// Called before each request libcurl starts on the handle (CURLOPT_PREREQFUNCTION(3)). A second one
// is libcurl sending the request again by itself, mostly because its reused connection died before
// any answer (Curl_retry_request). Its error buffer would then keep the first attempt's message
// (libcurl writes only a transfer's first error): "Recv failure" or "Send failure" where the second
// attempt timed out. So on a transfer that may have reused a connection that start is refused, and
// perform_once sends the request again on a new connection with a clean error buffer, as for a
// request that failed to send (unsent_on_reused_connection). On that new connection libcurl's own
// restarts (HTTP/2 to HTTP/1.1 on HTTP_1_1_REQUIRED) go on as before.
int on_request_start(void* user, char*, char*, int, int) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  if (++transfer->requests_started > 1 && transfer->refuse_restart) {
    transfer->restart_refused = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  size_t length = size * count;
  if (transfer->response.body.size() + length > transfer->cap) {
    transfer->too_large = true;
    return 0; // CURLE_WRITE_ERROR
  }
  try {
    transfer->response.body.append(data, length);
  } catch (...) {
    return 0;
  }
  return length;
}

size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  size_t length = size * count;
  try {
    if (!transfer->tls_captured) {
      capture_tls_facts(*transfer);
    }
    std::string_view line(data, length);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (line.starts_with("HTTP/")) {
      transfer->response.headers.clear(); // a new response (after 100 Continue or a redirect)
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      transfer->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
  } catch (...) {
    return 0;
  }
  return length;
}

// Every connection's SSL_CTX is new (libcurl makes one per connection), so set it up here from what
// the client prepared once: the shared trust store instead of parsing the CA bundle per connection,
// and the system certificate and key straight from memory (never written to disk or handed to curl
// as a file).
CURLcode on_ssl_context(CURL* easy, void* ssl_context, void* user) noexcept {
  // libcurl makes the SSL_CTX only once the TCP connection stands, so this marks the handshake's start.
  char* transfer = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer) == CURLE_OK && transfer != nullptr) {
    reinterpret_cast<Transfer*>(transfer)->tls_started = true;
  }
  const auto* setup = static_cast<const CurlMultiClient::TlsSetup*>(user);
  auto* context = static_cast<SSL_CTX*>(ssl_context);
  if (setup->trust != nullptr) {
    SSL_CTX_set1_cert_store(context, setup->trust);
  }
  const crypto::Identity* identity = setup->identity;
  if (identity == nullptr) {
    return CURLE_OK;
  }
  return crypto::use_identity(*context, *identity) ? CURLE_OK : CURLE_SSL_CERTPROBLEM;
}

// The anchors of the bundle in one store, with the partial-chain flag libcurl sets on its own
// stores (an anchored intermediate is enough). Null when the bundle does not parse: then the bundle
// goes to libcurl as it is, and libcurl reports the problem on the transfer.
crypto::X509StorePtr trust_store_from(const std::string& pem) {
  if (pem.empty()) {
    return nullptr;
  }
  auto anchors = crypto::parse_pem_certificates(pem, "ca_bundle");
  if (!anchors || anchors->empty()) {
    return nullptr;
  }
  crypto::X509StorePtr store(X509_STORE_new());
  if (!store) {
    return nullptr;
  }
  for (const auto& anchor : *anchors) {
    if (X509_STORE_add_cert(store.get(), anchor.get()) != 1) {
      return nullptr;
    }
  }
  X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
  return store;
}

} // namespace

void CurlMultiClient::lock_share(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<CurlMultiClient*>(self)->m_share_locks[data].lock();
}

void CurlMultiClient::unlock_share(CURL*, curl_lock_data data, void* self) {
  static_cast<CurlMultiClient*>(self)->m_share_locks[data].unlock();
}

CurlMultiClient::CurlMultiClient(ClientOptions options)
    : m_options(std::move(options)), m_limiter(m_options.host_limits),
      m_trust(trust_store_from(m_options.ca_bundle_pem)) {
  m_tls_anonymous.trust = m_trust.get();
  m_tls_with_certificate.trust = m_trust.get();
  m_tls_with_certificate.identity = m_options.identity;
  ensure_curl_global_init();
  m_multi.reset(curl_multi_init());
  curl_multi_setopt(m_multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, m_options.max_host_connections);
  curl_multi_setopt(m_multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, m_options.max_total_connections);
  curl_multi_setopt(m_multi.get(), CURLMOPT_MAXCONNECTS, m_options.max_total_connections);
  // The multi handle already pools connections for its easy handles (keep-alive). TLS sessions
  // and DNS answers are per easy handle unless shared, so share them: a new connection to a host
  // seen before resumes the TLS session instead of a full handshake.
  m_share.reset(curl_share_init());
  curl_share_setopt(m_share.get(), CURLSHOPT_LOCKFUNC, &CurlMultiClient::lock_share);
  curl_share_setopt(m_share.get(), CURLSHOPT_UNLOCKFUNC, &CurlMultiClient::unlock_share);
  curl_share_setopt(m_share.get(), CURLSHOPT_USERDATA, this);
  curl_share_setopt(m_share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(m_share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  m_thread = std::thread([this] { event_loop(); });
}

CurlMultiClient::~CurlMultiClient() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cancelled = true;
  m_retry_wait.notify_all();
  m_limiter.wake_all();
  curl_multi_wakeup(m_multi.get());
  m_thread.join();
}

void CurlMultiClient::cancel_all() {
  m_cancelled = true;
  m_retry_wait.notify_all();
  m_limiter.wake_all();
  curl_multi_wakeup(m_multi.get());
}

bool CurlMultiClient::cancelled() const {
  return m_cancelled.load() || (m_options.cancel != nullptr && m_options.cancel->load());
}

Result<Response> CurlMultiClient::perform(const Request& request) {
  const std::string host = host_key(request.url);
  for (int attempt = 0;; ++attempt) {
    Result<Response> outcome = perform_once(request, host);
    std::optional<std::chrono::milliseconds> retry_after;
    if (outcome.ok() && is_transient_status(outcome->status)) {
      retry_after = parse_retry_after(outcome->header("Retry-After"), outcome->header("Date"));
      if (retry_after) {
        // The server asked its client to hold back, not only this request (RFC 9110 §10.2.3): no
        // request of the run goes to the host before then, retried or not; capped like the retry.
        m_limiter.pause(host, std::chrono::steady_clock::now() + std::min(*retry_after, m_options.retry.max_delay));
      }
    }
    bool may_retry = request.idempotent && attempt < m_options.retry.max_retries && !cancelled();
    if (!may_retry) {
      return outcome;
    }
    if (outcome.ok()) {
      if (!is_transient_status(outcome->status)) {
        return outcome;
      }
    } else if (!is_transient_error(outcome.error())) {
      return outcome;
    }
    auto delay = retry_delay(m_options.retry, attempt + 1, retry_after);
    note_retry(request, outcome, attempt + 1, delay);
    if (!wait_before_retry(delay)) {
      return outcome;
    }
  }
}

void CurlMultiClient::note_retry(const Request& request, const Result<Response>& outcome, int attempt,
                                 std::chrono::milliseconds delay) {
  if (!m_options.on_retry) {
    return;
  }
  RetryNote note;
  note.method = request.method;
  note.url = request.url;
  note.attempt = attempt;
  note.delay = delay;
  if (outcome.ok()) {
    note.status = outcome->status;
    note.retry_after = outcome->header("Retry-After");
  } else {
    note.error = outcome.error().code + ": " + outcome.error().message;
  }
  m_options.on_retry(note);
}

bool CurlMultiClient::wait_before_retry(std::chrono::milliseconds delay) {
  // Wake in small steps so an external cancel flag (which cannot notify us) is seen promptly.
  auto deadline = std::chrono::steady_clock::now() + delay;
  util::WaitingOffCpu waiting;
  std::unique_lock lock(m_mutex);
  while (!cancelled()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return true;
    }
    m_retry_wait.wait_for(lock,
                          std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(50)));
  }
  return false;
}

void CurlMultiClient::configure(Transfer& transfer, const Request& request, bool fresh_connection) {
  CURL* easy = transfer.easy.get();
  if (fresh_connection) {
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  }
  curl_easy_setopt(easy, CURLOPT_URL, transfer.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.errbuf);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_SHARE, m_share.get());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count()));
  auto total = request.timeout.count() > 0 ? request.timeout : m_options.total_timeout;
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
  curl_easy_setopt(easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  // Decoded bytes count against the cap. gzip and deflate, as SOAP stacks send: "" would also offer
  // brotli, which servers compress at a dear default quality for no gain on small XML answers.
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.cap));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &on_request_start);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, &transfer);
  if (m_trust) {
    // No file or directory for libcurl to load: the store comes in on_ssl_context.
    curl_easy_setopt(easy, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
  } else if (!m_options.ca_bundle_pem.empty()) {
    curl_blob blob{m_options.ca_bundle_pem.data(), m_options.ca_bundle_pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
  }
  bool with_certificate = request.client_certificate && m_options.identity != nullptr;
  curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &on_ssl_context);
  curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, with_certificate ? &m_tls_with_certificate : &m_tls_anonymous);
  if (!with_certificate && m_options.identity != nullptr) {
    // The client certificate is set in the SSL_CTX callback, which libcurl does not compare when it
    // picks a pooled connection or a cached TLS session: an anonymous request would otherwise ride on
    // (or resume) a mutual-TLS connection to the same host, and leave one behind for the next
    // certificate request. Its own connection, no resumption, not pooled (SF1606.7 checks exactly this).
    // Without an identity no connection carries a certificate, and pooling stays as it is.
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  }
  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    list = curl_slist_append(list, (name + ": " + value).c_str());
  }
  list = curl_slist_append(list, "Expect:"); // no 100-continue round trip for request bodies
  transfer.headers.reset(list);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer.request_body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer.request_body.c_str());
  }
}

Result<std::shared_ptr<CurlMultiClient::Transfer>>
CurlMultiClient::exchange(const Request& request, const std::string& host, bool fresh_connection) {
  if (cancelled()) {
    return runtime_error("http.cancelled", request.url + ": cancelled before it started");
  }
  std::optional<HostLimiter::Slot> slot = m_limiter.try_acquire(host);
  if (!slot) {
    util::WaitingOffCpu waiting; // a request held back for the host's limits holds no CPU slot
    slot = m_limiter.acquire(host, [this] { return cancelled(); });
  }
  if (!slot) {
    return runtime_error("http.cancelled", request.url + ": cancelled before it started");
  }
  auto transfer = std::make_shared<Transfer>();
  transfer->place = std::move(slot);
  transfer->easy.reset(curl_easy_init());
  transfer->url = request.url;
  transfer->request_body = request.body;
  transfer->cap = request.max_response_bytes > 0 ? request.max_response_bytes : m_options.max_response_bytes;
  transfer->refuse_restart = !fresh_connection;
  configure(*transfer, request, fresh_connection);
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return runtime_error("http.cancelled", request.url + ": the HTTP client is shutting down");
    }
    m_pending.push_back(transfer);
  }
  curl_multi_wakeup(m_multi.get());
  wait_for(*transfer);
  return transfer;
}

Result<Response> CurlMultiClient::perform_once(const Request& request, const std::string& host) {
  TRY_ASSIGN(std::shared_ptr<Transfer> transfer, exchange(request, host, false));
  if ((transfer->restart_refused && transfer->forced_error.empty()) || unsent_on_reused_connection(*transfer)) {
    TRY_ASSIGN(transfer, exchange(request, host, true));
  }
  if (!transfer->forced_error.empty()) {
    return runtime_error(transfer->forced_error, request.url + ": cancelled");
  }
  if (transfer->result != CURLE_OK) {
    if (transfer->too_large || transfer->result == CURLE_FILESIZE_EXCEEDED) {
      return runtime_error("http.too-large",
                           request.url + ": response exceeds the limit of " + std::to_string(transfer->cap) + " bytes");
    }
    if (transfer->result == CURLE_OPERATION_TIMEDOUT && handshake_unfinished(*transfer)) {
      // Connected, but the server never completed TLS: the tls probe's words for the same fault.
      auto total = request.timeout.count() > 0 ? request.timeout : m_options.total_timeout;
      return runtime_error("http.timeout",
                           request.url + ": " + no_answer_within("TLS", std::min(m_options.connect_timeout, total)));
    }
    return transfer_error(transfer->result, request.url, transfer->errbuf);
  }
  Response response = std::move(transfer->response);
  CURL* easy = transfer->easy.get();
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective != nullptr) {
    response.effective_url = effective;
  }
  curl_off_t micros = 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &micros);
  response.elapsed = std::chrono::milliseconds(micros / 1000);
  return response;
}

void CurlMultiClient::wait_for(Transfer& transfer) {
  util::WaitingOffCpu waiting; // the run's CPU slot is free while the network works
  std::unique_lock lock(transfer.mutex);
  transfer.finished.wait(lock, [&] { return transfer.done || transfer.under_way; });
  lock.unlock();
  util::request_under_way();
  lock.lock();
  transfer.finished.wait(lock, [&] { return transfer.done; });
}

void CurlMultiClient::event_loop() {
  for (;;) {
    adopt_pending();
    if (cancelled()) {
      abort_all("http.cancelled");
      std::lock_guard lock(m_mutex);
      if (m_stopping) {
        return;
      }
    }
    int running = 0;
    curl_multi_perform(m_multi.get(), &running);
    note_under_way();
    collect_finished();
    // Wake at least every 100 ms to notice an external cancel flag.
    curl_multi_poll(m_multi.get(), nullptr, 0, 100, nullptr);
  }
}

void CurlMultiClient::adopt_pending() {
  std::deque<std::shared_ptr<Transfer>> adopted;
  {
    std::lock_guard lock(m_mutex);
    adopted.swap(m_pending);
  }
  for (auto& transfer : adopted) {
    if (curl_multi_add_handle(m_multi.get(), transfer->easy.get()) != CURLM_OK) {
      complete(*transfer, CURLE_FAILED_INIT);
      continue;
    }
    m_active.push_back(std::move(transfer));
  }
}

// A transfer is under way once libcurl has its connection (TLS included) and starts sending.
void CurlMultiClient::note_under_way() {
  for (auto& transfer : m_active) {
    if (transfer->under_way) {
      continue;
    }
    curl_off_t pretransfer = 0;
    if (curl_easy_getinfo(transfer->easy.get(), CURLINFO_PRETRANSFER_TIME_T, &pretransfer) == CURLE_OK &&
        pretransfer > 0) {
      std::lock_guard lock(transfer->mutex);
      transfer->under_way = true;
      transfer->finished.notify_all();
    }
  }
}

void CurlMultiClient::collect_finished() {
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(m_multi.get(), &remaining)) {
    if (message->msg != CURLMSG_DONE) {
      continue;
    }
    CURL* easy = message->easy_handle;
    CURLcode result = message->data.result;
    curl_multi_remove_handle(m_multi.get(), easy);
    auto found = std::find_if(m_active.begin(), m_active.end(),
                              [&](const auto& transfer) { return transfer->easy.get() == easy; });
    if (found == m_active.end()) {
      continue;
    }
    std::shared_ptr<Transfer> transfer = std::move(*found);
    m_active.erase(found);
    complete(*transfer, result);
  }
}

void CurlMultiClient::abort_all(const std::string& code) {
  std::deque<std::shared_ptr<Transfer>> pending;
  {
    std::lock_guard lock(m_mutex);
    pending.swap(m_pending);
  }
  for (auto& transfer : pending) {
    complete(*transfer, CURLE_ABORTED_BY_CALLBACK, code);
  }
  for (auto& transfer : m_active) {
    curl_multi_remove_handle(m_multi.get(), transfer->easy.get());
    complete(*transfer, CURLE_ABORTED_BY_CALLBACK, code);
  }
  m_active.clear();
}

} // namespace klarmeld::http
