// Probes for sending through the Beskedfordeler (SF1460_C / SF1462 BeskedAfsend):
// - "bfo.send": with a token for bfo_afsend/2 (or the endpoint's entity_id) and the pilot CVR, log in
//   over AMQPS with SASL EXTERNAL and publish a test message to AFSEND_BESKED_EXCHANGE as KOMBIT's
//   sample sender does (mandatory, publisher confirms, reply_to amq.rabbitmq.reply-to, correlation_id,
//   message_id, header token). Ja on StandardRetur 20 within options.reply_timeout_seconds (10 s, as
//   BFO-510's sender waits); Nej on another code (41: token expired), no reply, no confirm, a return.
//   The Beskedtype is options.test_beskedtype (default Test/TestbeskedType1).
// - "bfo.envelope": the message the vendor's system produced (options.sample_message, a file relative
//   to the profile) has the Haendelsesbesked structure (besked_kuvert.hpp). No network.
#pragma once

#include <memory>

#include "interfaces/probe.hpp"

namespace klarmeld::probes {

std::unique_ptr<Probe> make_bfo_send_probe();
std::unique_ptr<Probe> make_bfo_envelope_probe();

} // namespace klarmeld::probes
