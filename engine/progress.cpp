#include "engine/progress.hpp"

#include <algorithm>

#include <cstdlib>
#include <ostream>
#include <set>
#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

namespace klarmeld::engine {
namespace {

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return text;
}

// "Aalborg: " before a result that belongs to one municipality of a rollout.
std::string municipality_prefix(const std::string& municipality) {
  return municipality.empty() ? std::string() : municipality + ": ";
}

// A rollout finishes once per municipality, mostly for the same reason (`--only`, an interruption):
// each reason is told once.
class IncompleteReasons {
public:
  bool first_time(const Assessment& assessment) {
    return assessment.incomplete && m_told.insert(assessment.incomplete_reason).second;
  }

private:
  std::set<std::string> m_told;
};

void print_details(std::ostream& out, const CriterionOutcome& outcome) {
  for (const auto& warning : outcome.warnings) {
    out << "      warning: " << one_line(warning) << '\n';
  }
  for (const auto& fact : outcome.facts) {
    out << "      " << fact.key << ": " << one_line(fact.value) << '\n';
  }
}

class LineProgress final : public ProgressSink {
public:
  LineProgress(std::ostream& out, Verbosity verbosity) : m_out(out), m_verbosity(verbosity) {}

  void started(size_t total) override { m_total = total; }

  void criterion_done(const std::string&, const CriterionOutcome& outcome, const std::string& municipality) override {
    ++m_done;
    if (m_verbosity == Verbosity::Quiet) {
      return;
    }
    m_out << '[' << m_done << '/' << m_total << "] " << municipality_prefix(municipality) << outcome.criterion_id << ' '
          << to_danish(outcome.verdict) << " (" << outcome.method << ')';
    if (!outcome.reason.empty()) {
      m_out << " — " << one_line(outcome.reason);
    }
    m_out << '\n';
    if (m_verbosity == Verbosity::Verbose) {
      print_details(m_out, outcome);
    }
    m_out.flush();
  }

  void finished(const Assessment& assessment) override {
    if (m_verbosity != Verbosity::Quiet && m_reasons.first_time(assessment)) {
      m_out << "run incomplete: " << assessment.incomplete_reason << '\n';
    }
  }

private:
  std::ostream& m_out;
  Verbosity m_verbosity;
  size_t m_total = 0;
  size_t m_done = 0;
  IncompleteReasons m_reasons;
};

class BarProgress final : public ProgressSink {
public:
  BarProgress(std::ostream& out, Verbosity verbosity, size_t bar_width = 30)
      : m_out(out), m_verbosity(verbosity), m_bar_width(bar_width) {}

  void started(size_t total) override {
    m_total = total;
    draw("");
  }

  void criterion_done(const std::string& interface_id, const CriterionOutcome& outcome,
                      const std::string& municipality) override {
    ++m_done;
    if (outcome.verdict == Verdict::Nej) {
      ++m_failures;
    }
    if (m_verbosity == Verbosity::Verbose) {
      // Every criterion, above the bar so it stays readable after the bar moves on.
      m_out << "\r\033[K" << municipality_prefix(municipality) << outcome.criterion_id << ' '
            << to_danish(outcome.verdict) << " — " << one_line(outcome.reason) << '\n';
    }
    draw(municipality.empty() ? interface_id : municipality + " " + interface_id);
  }

  // The closing line once, even when a rollout finishes several assessments.
  void finished(const Assessment& assessment) override {
    if (m_verbosity == Verbosity::Quiet) {
      return;
    }
    bool new_reason = m_reasons.first_time(assessment);
    if (m_closed && !new_reason) {
      return;
    }
    if (!m_closed) {
      m_out << "\r\033[K" << m_done << '/' << m_total << " criteria decided, " << m_failures << " failed";
      m_out << (new_reason ? " (incomplete: " + assessment.incomplete_reason + ")" : std::string()) << '\n';
      m_closed = true;
    } else {
      m_out << "incomplete: " << assessment.incomplete_reason << '\n';
    }
    m_out.flush();
  }

private:
  void draw(const std::string& interface_id) {
    if (m_verbosity == Verbosity::Quiet) {
      return;
    }
    const size_t width = m_bar_width;
    size_t filled = m_total == 0 ? width : width * m_done / m_total;
    m_out << "\r\033[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << m_done << '/'
          << m_total;
    if (!interface_id.empty()) {
      m_out << "  " << interface_id;
    }
    m_out << "  failures: " << m_failures;
    m_out.flush();
  }

  std::ostream& m_out;
  Verbosity m_verbosity;
  size_t m_total = 0;
  size_t m_done = 0;
  size_t m_failures = 0;
  size_t m_bar_width = 30;
  bool m_closed = false;
  IncompleteReasons m_reasons;
};

// The bar takes what the terminal's width leaves beside the counters and the interface id.
size_t bar_width_for(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) {
    return 30;
  }
  return std::clamp<size_t>(size.ws_col > 50 ? size.ws_col - 50 : 10, 10, 60);
}

} // namespace

std::unique_ptr<ProgressSink> make_bar_progress(std::ostream& out, Verbosity verbosity) {
  return std::make_unique<BarProgress>(out, verbosity);
}

std::unique_ptr<ProgressSink> make_line_progress(std::ostream& out, Verbosity verbosity) {
  return std::make_unique<LineProgress>(out, verbosity);
}

std::unique_ptr<ProgressSink> make_progress_for(int fd, std::ostream& out, Verbosity verbosity) {
  // A terminal that cannot move the cursor (TERM=dumb: Emacs shells, some CI log viewers) would show
  // every redraw of the bar as garbage, so it gets lines like a log.
  const char* ci = std::getenv("CI");
  const char* term = std::getenv("TERM");
  bool dumb = term != nullptr && std::string_view(term) == "dumb";
  bool on_terminal = isatty(fd) == 1 && (ci == nullptr || *ci == '\0') && !dumb;
  if (!on_terminal) {
    return make_line_progress(out, verbosity);
  }
  return std::make_unique<BarProgress>(out, verbosity, bar_width_for(fd));
}

} // namespace klarmeld::engine
