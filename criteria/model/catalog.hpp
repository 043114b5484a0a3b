// The readiness-criteria catalog: what each SF interface must be able to do, and how that is decided.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "criteria/model/probe_modes.hpp"
#include "util/error.hpp"

namespace klarmeld::criteria {

// Whether the vendor's system calls the interface (uses) or offers it to KOMBIT (exposes).
enum class Direction { Uses, Exposes };
// "published": KOMBIT's own text, verbatim. "drafted": written by us from public interface facts.
enum class TextSource { Published, Drafted };

// How an automated criterion is decided: a probe type from the registry plus its parameters.
// `params` keeps every parameter as written (the canonical hash and `criteria explain` show them);
// the parameters that select a mode are also parsed, once, into `modes` (probe_modes.hpp).
struct ProbeSpec {
  std::string type;                          // e.g. "sts.issue", "soap.call"
  std::map<std::string, std::string> params; // scalar parameters, e.g. operation: virksomhed/soeg
  SourceLocation where;
  ProbeModes modes; // modes_of(*this), set by the loader
};

struct Criterion {
  std::string id;      // stable, "<interface>.<n>", e.g. "SF1500.2"
  int number = 0;      // n, the "Nr." column
  std::string text_da; // KOMBIT style: "Leverandørens løsning er klar til at anvende integrationen, hvis …"
  std::string text_en; // optional
  TextSource source = TextSource::Drafted;
  bool required = true;
  std::optional<ProbeSpec> probe; // empty: decided by manual evidence in the profile
  std::string manual_evidence;    // manual criteria: what evidence to ask the vendor for (Danish)
  SourceLocation where;

  bool is_manual() const { return !probe.has_value(); }
};

struct Interface {
  std::string id;      // SF1500, SF1460_A, CE1510 …
  std::string name_da; // as in the overview list: "Organisation services"
  std::string name_en;
  std::string transport; // soap, rest, amqp, sftp, saml, sts, manual …
  Direction direction = Direction::Uses;
  std::string spec_reference; // public integration description (URL or document name)
  std::string purpose_da;     // one paragraph: what the interface is for (used by `criteria explain`)
  std::string purpose_en;     // optional
  std::vector<Criterion> criteria;
  std::string file; // the YAML file it came from
};

// A current name of interfaces the catalog lists under their old numbers (SF1461 for SF1460_A/B/D):
// no row of the klarmeldingsregneark, which keeps KOMBIT's v.1 rows; `criteria explain` shows which
// old interfaces, and so which criteria, cover it. Not part of the canonical content (no verdict
// depends on it).
struct Successor {
  std::string id;
  std::string name_da;
  std::string name_en;
  std::string spec_reference;
  std::string basis;                 // the public source that says what it replaces
  std::vector<std::string> replaces; // interface ids of `order`
};

struct Catalog {
  std::string identity;              // "SKI 02.19 klarmeldingsregneark v. 1 (juni 2020) — klarmeld-udgave"
  std::string version;               // catalog version, e.g. "1.0.0"
  std::vector<std::string> order;    // interface ids in overview order
  std::vector<Interface> interfaces; // in `order`
  std::vector<Successor> successors; // catalog.yaml `successors`
  std::string sha256;                // over the canonical content (see canonical.hpp), lowercase hex
  std::string directory;

  const Interface* find(const std::string& interface_id) const;
  const Criterion* find_criterion(const std::string& criterion_id) const;
  const Successor* find_successor(const std::string& id) const;
};

const char* to_string(Direction direction);
const char* to_string(TextSource source);

} // namespace klarmeld::criteria
