// Probe "sftp" (SF1590_A): upload a unique test file with key authentication, list the folder,
// remove the file again (libcurl over libssh2). The server's host key is checked against
// options.known_hosts (OpenSSH file) or options.host_key_sha256 (the "SHA256:…" fingerprint).
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_sftp_probe();

} // namespace klarmeld::probes
