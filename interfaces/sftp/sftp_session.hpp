// One SFTP operation per call on a fresh libcurl easy handle: upload, list, remove.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "util/result.hpp"

namespace klarmeld::probes {

struct SftpSettings {
  std::string host;
  int port = 22;
  std::string username;
  std::string private_key_file;
  std::string key_passphrase;
  std::string known_hosts_file; // OpenSSH known_hosts: strict check when set
  std::string host_key_sha256;  // "SHA256:<base64>" (ssh-keygen -lf); strict check when set
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};
  std::function<bool()> cancelled;
};

class SftpSession {
public:
  explicit SftpSession(SftpSettings settings) : m_settings(std::move(settings)) {}

  Status upload(const std::string& remote_path, const std::string& content);
  Result<std::string> list(const std::string& remote_directory); // names, one per line
  Status remove(const std::string& remote_path);

  // The server's host key fingerprint as seen in the last operation ("SHA256:…").
  const std::string& seen_host_key() const { return m_seen_host_key; }

  struct Transfer; // per-operation state for the C callbacks (sftp_session.cpp)

private:
  std::string url_for(const std::string& path) const;

  SftpSettings m_settings;
  std::string m_seen_host_key;
};

} // namespace klarmeld::probes
