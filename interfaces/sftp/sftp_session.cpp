#include "interfaces/sftp/sftp_session.hpp"

#include <algorithm>
#include <cstring>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "interfaces/http/curl_errors.hpp"
#include "interfaces/http/curl_handles.hpp"
#include "interfaces/http/no_answer.hpp"
#include "util/digest.hpp"
#include "util/task_context.hpp"

namespace klarmeld::probes {

struct SftpSession::Transfer {
  const SftpSettings* settings = nullptr;
  std::string upload;
  size_t upload_offset = 0;
  std::string download;
  std::string seen_host_key;
  bool host_key_mismatch = false;
};

namespace {

using Transfer = SftpSession::Transfer;

// A blocking SSH session: mostly waiting for the server, so the run's CPU slot is free meanwhile
// (util/task_context); the scheduler hears of it once it is over.
CURLcode perform_off_cpu(CURL* easy) {
  CURLcode code = CURLE_OK;
  {
    util::WaitingOffCpu waiting;
    code = curl_easy_perform(easy);
  }
  util::request_under_way();
  return code;
}

// OpenSSH's fingerprint form: SHA256 over the key blob, base64 without padding.
std::string openssh_fingerprint(const char* key, size_t length) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  EVP_Digest(key, length, digest, &digest_length, EVP_sha256(), nullptr);
  std::string encoded(4 * ((digest_length + 2) / 3) + 1, '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest, static_cast<int>(digest_length));
  encoded.resize(static_cast<size_t>(written));
  while (!encoded.empty() && encoded.back() == '=') {
    encoded.pop_back();
  }
  return "SHA256:" + encoded;
}

// Callbacks: no exception may cross them.
int on_host_key(void* user, int, const char* key, size_t length) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  try {
    transfer->seen_host_key = openssh_fingerprint(key, length);
    const std::string& expected = transfer->settings->host_key_sha256;
    if (!expected.empty() && expected != transfer->seen_host_key) {
      transfer->host_key_mismatch = true;
      return CURLKHMATCH_MISMATCH;
    }
    return CURLKHMATCH_OK;
  } catch (...) {
    return CURLKHMATCH_MISMATCH;
  }
}

size_t on_read(char* buffer, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  size_t length = std::min(size * count, transfer->upload.size() - transfer->upload_offset);
  std::memcpy(buffer, transfer->upload.data() + transfer->upload_offset, length);
  transfer->upload_offset += length;
  return length;
}

size_t on_write(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  size_t length = size * count;
  if (transfer->download.size() + length > (1u << 20)) {
    return 0; // a directory listing larger than 1 MiB is not what we asked for
  }
  try {
    transfer->download.append(data, length);
  } catch (...) {
    return 0;
  }
  return length;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  try {
    return transfer->settings->cancelled && transfer->settings->cancelled() ? 1 : 0;
  } catch (...) {
    return 1;
  }
}

void configure(CURL* easy, const SftpSettings& settings, Transfer& transfer, const std::string& url) {
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "sftp");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.total_timeout.count()));
  if (!settings.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, settings.username.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_SSH_AUTH_TYPES, static_cast<long>(CURLSSH_AUTH_PUBLICKEY));
  curl_easy_setopt(easy, CURLOPT_SSH_PRIVATE_KEYFILE, settings.private_key_file.c_str());
  curl_easy_setopt(easy, CURLOPT_SSH_PUBLIC_KEYFILE, ""); // libssh2 derives it from the private key
  if (!settings.key_passphrase.empty()) {
    curl_easy_setopt(easy, CURLOPT_KEYPASSWD, settings.key_passphrase.c_str());
  }
  if (!settings.known_hosts_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_SSH_KNOWNHOSTS, settings.known_hosts_file.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_SSH_HOSTKEYFUNCTION, &on_host_key);
  curl_easy_setopt(easy, CURLOPT_SSH_HOSTKEYDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_write);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
}

// TCP stood (for SSH libcurl marks the connect once the socket is up) but the SSH handshake or
// login never reached the point of a transfer: banner and silence, or a drip-fed key exchange.
bool handshake_unfinished(CURL* easy) {
  curl_off_t connected = 0;
  curl_off_t ready = 0;
  return curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected) == CURLE_OK && connected > 0 &&
         curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &ready) == CURLE_OK && ready == 0;
}

Status finish(CURL* easy, CURLcode code, const Transfer& transfer, const std::string& url, const char* errbuf) {
  if (code == CURLE_OK) {
    return Ok{};
  }
  if (code == CURLE_OPERATION_TIMEDOUT && handshake_unfinished(easy)) {
    const SftpSettings& settings = *transfer.settings;
    return runtime_error("sftp.timeout",
                         url + ": " +
                             http::no_answer_within("SSH", std::min(settings.connect_timeout, settings.total_timeout)));
  }
  if (transfer.host_key_mismatch || code == CURLE_PEER_FAILED_VERIFICATION) {
    return runtime_error("sftp.host-key", url + ": the server's host key " + transfer.seen_host_key +
                                              " does not match the expected one");
  }
  if (code == CURLE_LOGIN_DENIED) {
    return runtime_error("sftp.auth", url + ": key authentication refused");
  }
  std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code);
  Error error = http::transfer_error(code, url, detail);
  if (error.code.rfind("http.", 0) == 0) {
    error.code = "sftp." + error.code.substr(5);
  }
  return error;
}

} // namespace

std::string SftpSession::url_for(const std::string& path) const {
  return "sftp://" + m_settings.host + ":" + std::to_string(m_settings.port) + path;
}

Status SftpSession::upload(const std::string& remote_path, const std::string& content) {
  http::ensure_curl_global_init();
  http::CurlEasyPtr easy(curl_easy_init());
  Transfer transfer;
  transfer.settings = &m_settings;
  transfer.upload = content;
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string url = url_for(remote_path);
  configure(easy.get(), m_settings, transfer, url);
  curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(easy.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy.get(), CURLOPT_READFUNCTION, &on_read);
  curl_easy_setopt(easy.get(), CURLOPT_READDATA, &transfer);
  curl_easy_setopt(easy.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(content.size()));
  CURLcode code = perform_off_cpu(easy.get());
  m_seen_host_key = transfer.seen_host_key;
  return finish(easy.get(), code, transfer, url, errbuf);
}

Result<std::string> SftpSession::list(const std::string& remote_directory) {
  http::ensure_curl_global_init();
  http::CurlEasyPtr easy(curl_easy_init());
  Transfer transfer;
  transfer.settings = &m_settings;
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string directory = remote_directory.ends_with('/') ? remote_directory : remote_directory + "/";
  std::string url = url_for(directory);
  configure(easy.get(), m_settings, transfer, url);
  curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(easy.get(), CURLOPT_DIRLISTONLY, 1L);
  CURLcode code = perform_off_cpu(easy.get());
  m_seen_host_key = transfer.seen_host_key;
  TRY(finish(easy.get(), code, transfer, url, errbuf));
  return transfer.download;
}

Status SftpSession::remove(const std::string& remote_path) {
  http::ensure_curl_global_init();
  http::CurlEasyPtr easy(curl_easy_init());
  Transfer transfer;
  transfer.settings = &m_settings;
  char errbuf[CURL_ERROR_SIZE] = {};
  std::string directory = remote_path.substr(0, remote_path.rfind('/') + 1);
  std::string url = url_for(directory);
  configure(easy.get(), m_settings, transfer, url);
  curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(easy.get(), CURLOPT_NOBODY, 1L);
  std::string command = "rm \"" + remote_path + "\"";
  http::CurlSlistPtr quote(curl_slist_append(nullptr, command.c_str()));
  curl_easy_setopt(easy.get(), CURLOPT_POSTQUOTE, quote.get());
  CURLcode code = perform_off_cpu(easy.get());
  m_seen_host_key = transfer.seen_host_key;
  return finish(easy.get(), code, transfer, url, errbuf);
}

} // namespace klarmeld::probes
