#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine_test_model.hpp"
#include "fake_probe_context.hpp"
#include "interfaces/probes/sftp_probe.hpp"
#include "stalling_server.hpp"

extern char** environ;

using namespace klarmeld;

namespace {

constexpr const char* sshd_path = "/usr/sbin/sshd";

std::string run_command(const std::string& command) {
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (size_t length = fread(buffer, 1, sizeof buffer, pipe)) {
      output.append(buffer, length);
    }
    pclose(pipe);
  }
  return output;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

bool accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// A real OpenSSH server on a loopback port, configured in a temporary folder, run as this user.
class SshServer {
public:
  SshServer() {
    char pattern[] = "/tmp/klarmeld-sftp-XXXXXX";
    m_dir = mkdtemp(pattern);
    std::filesystem::create_directories(m_dir + "/upload");
    run_command("ssh-keygen -q -t ecdsa -b 256 -N '' -f " + m_dir + "/host_key");
    run_command("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f " + m_dir + "/client_key");
    run_command("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f " + m_dir + "/stranger_key");
    std::filesystem::copy_file(m_dir + "/client_key.pub", m_dir + "/authorized_keys");
    std::istringstream fingerprint_line(run_command("ssh-keygen -lf " + m_dir + "/host_key.pub"));
    std::string bits;
    fingerprint_line >> bits >> m_fingerprint;
    m_port = free_port();
    std::ofstream config(m_dir + "/sshd_config");
    config << "Port " << m_port << "\nListenAddress 127.0.0.1\nHostKey " << m_dir << "/host_key\n"
           << "PidFile " << m_dir << "/sshd.pid\nAuthorizedKeysFile " << m_dir << "/authorized_keys\n"
           << "UsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
           << "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nSubsystem sftp internal-sftp\n"
           << "LogLevel ERROR\n";
    config.close();
    std::error_code ignored;
    std::filesystem::create_directories("/run/sshd", ignored); // privilege separation directory
    std::string config_path = m_dir + "/sshd_config";
    std::vector<std::string> arguments = {sshd_path, "-D", "-e", "-f", config_path};
    std::vector<char*> argv;
    for (auto& argument : arguments) {
      argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    // sshd's own log (e.g. our readiness checks that connect and hang up) goes to a file.
    std::string log_path = m_dir + "/sshd.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int spawned = posix_spawn(&m_pid, sshd_path, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      m_pid = -1;
      return;
    }
    for (int i = 0; i < 250 && !accepts(m_port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  ~SshServer() {
    if (m_pid > 0) {
      kill(m_pid, SIGTERM);
      waitpid(m_pid, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }

  bool running() const { return m_pid > 0 && accepts(m_port); }
  const std::string& dir() const { return m_dir; }
  const std::string& fingerprint() const { return m_fingerprint; }

  profile::Profile profile_for(const std::string& key, const std::string& fingerprint) const {
    auto profile = test::basic_profile();
    profile.credentials.ssh_private_key = m_dir + "/" + key;
    auto& endpoint = profile.environment.interfaces["SF1590_A"];
    endpoint.url = "sftp://127.0.0.1:" + std::to_string(m_port) + m_dir + "/upload/";
    endpoint.options["username"] = getpwuid(getuid())->pw_name;
    if (!fingerprint.empty()) {
      endpoint.options["host_key_sha256"] = fingerprint;
    }
    return profile;
  }

private:
  std::string m_dir;
  std::string m_fingerprint;
  int m_port = 0;
  pid_t m_pid = -1;
};

probes::ProbeResult run_probe(const profile::Profile& profile) {
  test::FakeProbeContext context(profile, test::interface_with("SF1590_A", {}), {}, nullptr);
  auto criterion = test::probe_criterion("SF1590_A.1", 1, "sftp", {{"operation", "roundtrip"}});
  return probes::make_sftp_probe()->run(criterion, *criterion.probe, context);
}

} // namespace

TEST_SUITE("probes::sftp") {
  TEST_CASE("upload, list and remove against a real OpenSSH server") {
    if (access(sshd_path, X_OK) != 0) {
      MESSAGE("skipped: " << sshd_path << " is not installed (apt-get install openssh-server)");
      return;
    }
    SshServer server;
    REQUIRE_MESSAGE(server.running(), "sshd did not start");
    REQUIRE(server.fingerprint().rfind("SHA256:", 0) == 0);

    SUBCASE("the round trip passes with a verified host key and leaves nothing behind") {
      auto result = run_probe(server.profile_for("client_key", server.fingerprint()));
      CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
      CHECK(result.warnings.empty());
      CHECK(std::filesystem::is_empty(server.dir() + "/upload"));
    }
    SUBCASE("an unverified host key passes with a warning naming the fingerprint") {
      auto result = run_probe(server.profile_for("client_key", ""));
      CHECK_MESSAGE(result.verdict == Verdict::Ja, result.reason);
      REQUIRE(result.warnings.size() == 1);
      CHECK(result.warnings[0].find(server.fingerprint()) != std::string::npos);
    }
    SUBCASE("a different host key is refused") {
      auto result = run_probe(server.profile_for("client_key", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason.find("host key") != std::string::npos);
    }
    SUBCASE("a key the server does not know is refused") {
      auto result = run_probe(server.profile_for("stranger_key", server.fingerprint()));
      CHECK(result.verdict == Verdict::Nej);
      CHECK(result.reason.find("upload failed") != std::string::npos);
    }
  }

  TEST_CASE("a server that sends its banner and then hangs is not tested, within the connect bound") {
    // libssh2 reads the banner and then waits for the key exchange that never comes.
    test::StallingServer hanging("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    auto profile = test::basic_profile();
    profile.credentials.ssh_private_key = "/nonexistent/klarmeld-test-key";
    auto& endpoint = profile.environment.interfaces["SF1590_A"];
    endpoint.url = "sftp://127.0.0.1:" + std::to_string(hanging.port()) + "/upload/";
    endpoint.options["username"] = "klarmeld";
    auto started = std::chrono::steady_clock::now();
    auto result = run_probe(profile);
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(hanging.connections() >= 1);
    CHECK_MESSAGE(result.verdict == Verdict::IkkeTestet, result.reason);
    CHECK_MESSAGE(result.reason.find("no SSH answer within 2 s") != std::string::npos, result.reason);
    CHECK(took < std::chrono::seconds(3)); // the fake context's 2 s connect bound + 1 s
  }
}
