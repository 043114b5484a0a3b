// What the Beskedfordeler probes (bfo.send, bfo.drain) share: the AMQPS endpoint of an interface,
// a logged-in session with a token for a BFO entityID, a test message, and the publish through
// AFSEND_BESKED_EXCHANGE with its StandardRetur judged (docs/probes.md "Beskedfordeler").
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "interfaces/amqp/amqp_session.hpp"
#include "interfaces/amqp/besked_kuvert.hpp"
#include "interfaces/context.hpp"
#include "interfaces/probe.hpp"

namespace klarmeld::probes::bfo_support {

// A session on the interface's amqps:// endpoint with a token for `entity_id`. On failure `verdict`
// says how to judge it: Nej when the login was refused, Ikke testet when there was no endpoint,
// token or connection.
struct Login {
  std::unique_ptr<amqp::Session> session;
  std::string entity_id;
  std::string cvr;
  std::string token; // the assertion XML (a secret: for the publish header only)
  Verdict verdict = Verdict::IkkeTestet;
  std::string reason;
};
Login log_in(ProbeContext& context, const std::string& interface_id, const std::string& entity_id);

// A Test/TestbeskedType1-style message (or `beskedtype`) for the token's CVR, dated now.
bfo::Haendelsesbesked test_message(const std::string& beskedtype, const std::string& cvr);

// The publish of `message` and how BFO answered it.
struct Sent {
  bool accepted = false; // confirmed, not returned, StandardRetur 20 within the timeout
  std::string status;    // StatusKode, "" without a reply
  std::string reason;    // one line, for Ja and Nej alike
  std::chrono::milliseconds reply_after{0};
};
Result<Sent> send(amqp::Session& session, const std::string& token, const bfo::Haendelsesbesked& message,
                  std::chrono::milliseconds reply_timeout);

// A whole-second profile option ("drain_seconds: 10"), or `fallback` when absent or not a number.
std::chrono::seconds seconds_option(const profile::InterfaceEndpoint& endpoint, const std::string& name,
                                    std::chrono::seconds fallback);

} // namespace klarmeld::probes::bfo_support
