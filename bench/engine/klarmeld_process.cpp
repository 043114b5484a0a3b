#include "bench/engine/klarmeld_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench/engine/stopwatch.hpp"

extern char** environ;

namespace klarmeld::bench {

BinaryRun run_klarmeld_binary(const BenchEnvironment& environment, const std::vector<std::string>& extra,
                              const std::string& stem) {
  const std::string& dir = environment.directory();
  std::vector<std::string> arguments{KLARMELD_BINARY, "check",
                                     "--profile",     dir + "/profile.yaml",
                                     "--criteria",    std::string(KLARMELD_SOURCE_DIR) + "/criteria",
                                     "--out",         dir + "/" + stem + ".xlsx",
                                     "--json",        dir + "/" + stem + ".json",
                                     "--quiet"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (std::string& argument : arguments) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  std::string log = dir + "/" + stem + ".log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  BinaryRun run;
  Stopwatch watch;
  pid_t child = 0;
  int spawned = posix_spawn(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  rusage usage{};
  if (spawned != 0 || wait4(child, &status, 0, &usage) != child) {
    return run;
  }
  run.wall_ms = watch.elapsed_ms();
  run.cpu_ms = cpu_milliseconds(usage);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

} // namespace klarmeld::bench
