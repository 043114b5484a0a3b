// The scheduling policy on its own: no threads, no sleeps; the clock is a value the test moves.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/schedule.hpp"

using namespace klarmeld;
using namespace std::chrono_literals;

namespace {

const engine::Schedule::TimePoint t0 = engine::Schedule::TimePoint{} + 1h;

// Tasks by name, and the order they start in.
struct Named {
  engine::Schedule schedule;
  std::map<engine::Schedule::Task, std::string> names;
  std::vector<std::string> started;

  engine::Schedule::Task add(const std::string& name, int own_requests) {
    engine::Schedule::Task task = schedule.add(own_requests);
    names[task] = name;
    return task;
  }
  // Starts what may start at `now`; the names of the tasks started.
  std::vector<std::string> start_all(engine::Schedule::TimePoint now) {
    std::vector<std::string> now_started;
    while (std::optional<engine::Schedule::Task> task = schedule.next(now)) {
      now_started.push_back(names[*task]);
      started.push_back(names[*task]);
    }
    return now_started;
  }
  size_t position(const std::string& name) const {
    for (size_t i = 0; i < started.size(); ++i) {
      if (started[i] == name) {
        return i;
      }
    }
    return started.size();
  }
};

} // namespace

TEST_SUITE("engine::Schedule") {
  TEST_CASE("urgency: the longest chain through a task first, then the requests still ahead") {
    CHECK(util::Urgency{2, 0} > util::Urgency{1, 5});
    CHECK(util::Urgency{2, 1} > util::Urgency{2, 0});
    CHECK(util::Urgency{2, 1} == util::Urgency{2, 1});
  }

  TEST_CASE("chains count the task's own requests and the longest path after it") {
    engine::Schedule schedule;
    auto token = schedule.add(1);
    auto exchange = schedule.add(1);
    auto call = schedule.add(1);
    auto alone = schedule.add(2);
    auto handshake = schedule.add(0);
    schedule.depends(exchange, token);
    schedule.depends(call, exchange);
    schedule.prepare();
    CHECK(schedule.urgency(token).ahead == 3);
    CHECK(schedule.urgency(exchange).ahead == 2);
    CHECK(schedule.urgency(call).ahead == 1);
    CHECK(schedule.urgency(alone).ahead == 2);
    CHECK(schedule.urgency(handshake).ahead == 0);
    CHECK(schedule.urgency(token).through == 3);
    CHECK(schedule.urgency(exchange).through == 3);
    CHECK(schedule.urgency(call).through == 3);
    CHECK(schedule.urgency(alone).through == 2);
  }

  TEST_CASE("chains are right whatever order the tasks were added in") {
    // A chain of three added from its end: each task depends on the one added after it.
    engine::Schedule schedule;
    std::vector<engine::Schedule::Task> chain;
    for (int i = 0; i < 3; ++i) {
      chain.push_back(schedule.add(1));
    }
    schedule.depends(chain[0], chain[1]);
    schedule.depends(chain[1], chain[2]);
    schedule.prepare();
    CHECK(schedule.urgency(chain[2]) == util::Urgency{3, 3});
    CHECK(schedule.urgency(chain[1]) == util::Urgency{3, 2});
    CHECK(schedule.urgency(chain[0]) == util::Urgency{3, 1});
  }

  TEST_CASE("one at a time: the longest chain first, equals in the order they were added") {
    Named graph;
    graph.add("short", 1);
    graph.add("handshake", 0);
    auto token = graph.add("token", 1);
    auto call = graph.add("call", 1);
    graph.add("double-a", 2);
    graph.add("double-b", 2);
    graph.schedule.depends(call, token);
    graph.schedule.prepare();
    while (std::optional<engine::Schedule::Task> task = graph.schedule.next(t0)) {
      graph.started.push_back(graph.names[*task]);
      graph.schedule.finished(*task);
    }
    CHECK(graph.schedule.done());
    // token and call form a chain of 2, like double-a and double-b; the token goes first (the most
    // requests ahead, then the order added); the call, ready once its token is done, is on a chain of 2
    // and so outranks "short" (a chain of 1) although both have one request ahead.
    CHECK(graph.started == std::vector<std::string>{"token", "double-a", "double-b", "call", "short", "handshake"});
  }

  TEST_CASE("a task never starts before its prerequisites have finished, however many run at once") {
    engine::Schedule schedule;
    std::map<engine::Schedule::Task, std::vector<engine::Schedule::Task>> prerequisites;
    auto token = schedule.add(1);
    auto exchange = schedule.add(1);
    schedule.depends(exchange, token);
    prerequisites[exchange] = {token};
    std::set<engine::Schedule::Task> probes;
    for (int i = 0; i < 10; ++i) {
      auto probe = schedule.add(1);
      schedule.depends(probe, exchange);
      prerequisites[probe] = {exchange};
      probes.insert(probe);
      probes.insert(schedule.add(1)); // independent work beside it
    }
    schedule.prepare();
    std::set<engine::Schedule::Task> finished;
    std::vector<engine::Schedule::Task> running;
    int early = 0;
    int probes_run = 0;
    // Unlimited workers: everything startable starts at once; then the oldest running task ends.
    while (!schedule.done()) {
      while (std::optional<engine::Schedule::Task> task = schedule.next(t0)) {
        for (auto prerequisite : prerequisites[*task]) {
          early += finished.contains(prerequisite) ? 0 : 1;
        }
        probes_run += probes.contains(*task) ? 1 : 0;
        running.push_back(*task);
      }
      REQUIRE(!running.empty());
      CHECK(schedule.running() == running.size());
      schedule.finished(running.front());
      finished.insert(running.front());
      running.erase(running.begin());
    }
    CHECK(early == 0);
    CHECK(probes_run == 20);
    CHECK(!schedule.ready());
    CHECK(schedule.running() == 0);
  }

  TEST_CASE("an empty schedule is done at once") {
    engine::Schedule schedule;
    schedule.prepare(50ms);
    CHECK(schedule.size() == 0);
    CHECK(schedule.done());
    CHECK(!schedule.ready());
    CHECK(!schedule.next(t0));
  }
}

TEST_SUITE("engine::Schedule head start") {
  TEST_CASE("tasks off the longest chain wait until its request is under way") {
    Named graph;
    auto token = graph.add("token", 1);
    auto call = graph.add("call", 1);
    graph.schedule.depends(call, token);
    for (int i = 0; i < 6; ++i) {
      graph.add("other", 1);
    }
    graph.schedule.prepare(5000ms);
    CHECK(graph.start_all(t0) == std::vector<std::string>{"token"});
    // Connecting: the others are ready, but held back for up to the head start.
    CHECK(graph.schedule.ready());
    CHECK(graph.schedule.held_until(t0) == t0 + 5000ms);
    CHECK(graph.start_all(t0 + 20ms).empty());
    const size_t started_early = graph.started.size() - 1;
    CHECK(graph.schedule.under_way(token));
    CHECK(!graph.schedule.under_way(token)); // told once; the second time changes nothing
    CHECK(!graph.schedule.held_until(t0 + 20ms));
    CHECK(graph.start_all(t0 + 20ms).size() == 6);
    graph.schedule.finished(token);
    CHECK(graph.start_all(t0 + 40ms) == std::vector<std::string>{"call"});
    CHECK(started_early == 0);
    CHECK(graph.position("token") == 0);
    CHECK(graph.started.size() == 8);
  }

  TEST_CASE("the head start ends after its limit when the request never gets under way") {
    Named graph;
    auto hung = graph.add("hung", 1);
    auto after = graph.add("after", 1);
    graph.schedule.depends(after, hung);
    graph.add("other", 1);
    graph.schedule.prepare(30ms);
    CHECK(graph.start_all(t0) == std::vector<std::string>{"hung"});
    CHECK(graph.schedule.held_until(t0 + 29ms) == t0 + 30ms);
    CHECK(graph.start_all(t0 + 29ms).empty());
    // A connect that hangs: at the limit the other task starts while "hung" still runs.
    CHECK(!graph.schedule.held_until(t0 + 30ms));
    const bool other_ran_while_hung = graph.start_all(t0 + 30ms) == std::vector<std::string>{"other"};
    CHECK(other_ran_while_hung);
    CHECK(graph.schedule.running() == 2);
  }

  TEST_CASE("a critical task that finishes without a request under way holds nothing back") {
    Named graph;
    graph.add("long", 2);
    graph.add("other", 1);
    graph.schedule.prepare(5000ms);
    CHECK(graph.start_all(t0) == std::vector<std::string>{"long"});
    CHECK(graph.schedule.held_until(t0) == t0 + 5000ms);
    graph.schedule.finished(0);
    CHECK(!graph.schedule.held_until(t0));
    CHECK(graph.start_all(t0) == std::vector<std::string>{"other"});
  }

  // Session 16 (docs/performance.md §6): in a rollout over 98 municipalities the longest chain is 7
  // requests against 2,329 on 32 places; holding the others back for it only left places idle.
  TEST_CASE("the head start holds nothing while the requests left outlast the longest chain on every place") {
    auto graph_of_eight_requests = [](Named& graph) {
      auto token = graph.add("token", 1);
      graph.schedule.depends(graph.add("call", 1), token); // the longest chain: 2 requests
      for (int i = 0; i < 6; ++i) {
        graph.add("other", 1);
      }
    };
    SUBCASE("8 requests on 2 places outlast a chain of 2: nothing is held") {
      Named graph;
      graph_of_eight_requests(graph);
      graph.schedule.prepare(5000ms, 2);
      CHECK(graph.start_all(t0).size() == 7);
      CHECK(graph.position("token") == 0);
    }
    SUBCASE("8 requests on 4 places do not: the chain's request goes first") {
      Named graph;
      graph_of_eight_requests(graph);
      graph.schedule.prepare(5000ms, 4);
      CHECK(graph.start_all(t0) == std::vector<std::string>{"token"});
      CHECK(graph.schedule.held_until(t0) == t0 + 5000ms);
    }
  }

  TEST_CASE("tasks on the longest chain are never held back; without a head start nothing is") {
    SUBCASE("two chains of the same length") {
      Named graph;
      auto first = graph.add("first", 1);
      graph.schedule.depends(graph.add("first-call", 1), first);
      auto second = graph.add("second", 1);
      graph.schedule.depends(graph.add("second-call", 1), second);
      graph.add("other", 1);
      graph.schedule.prepare(5000ms);
      CHECK(graph.start_all(t0) == std::vector<std::string>{"first", "second"});
      CHECK(graph.schedule.held_until(t0) == t0 + 5000ms);
    }
    SUBCASE("no head start") {
      Named graph;
      auto token = graph.add("token", 1);
      graph.schedule.depends(graph.add("call", 1), token);
      graph.add("other", 1);
      graph.schedule.prepare();
      CHECK(graph.start_all(t0) == std::vector<std::string>{"token", "other"});
    }
  }
}
