#include "interfaces/probes/bfo_probe_support.hpp"

#include "crypto/random.hpp"
#include "interfaces/amqp/bfo_names.hpp"
#include "interfaces/http/url.hpp"
#include "interfaces/probes/probe_support.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "util/time.hpp"

namespace klarmeld::probes::bfo_support {

Login log_in(ProbeContext& context, const std::string& interface_id, const std::string& entity_id) {
  Login login;
  login.entity_id = entity_id;
  auto endpoint = context.endpoint(interface_id);
  if (!endpoint) {
    login.reason = endpoint.error().message;
    return login;
  }
  auto url = http::parse_url(endpoint->url);
  if (!url || url->scheme != "amqps") {
    login.reason = "the endpoint for " + interface_id + " is not an amqps:// URL with a port (BFO: amqps://host:5671)";
    return login;
  }
  auto token = context.tokens().token_for(entity_id);
  if (!token) {
    login.reason = "no token for " + entity_id + ": " + token.error().message;
    return login;
  }
  login.cvr = (*token)->cvr;
  login.token = (*token)->assertion_xml;
  amqp::SessionSettings settings;
  settings.host = url->host;
  settings.port = url->port;
  settings.virtual_host = bfo::virtual_host;
  settings.ca_file = support::relative_to_profile(context.profile(), context.profile().credentials.ca_bundle);
  settings.assertion = login.token;
  if (auto system = context.system_identity()) {
    settings.client_identity = *system; // the certificate the token was issued for
  }
  settings.timeout = context.connect_timeout();
  auto session = amqp::Session::open(settings);
  if (!session) {
    login.verdict = session.error().code == "amqp.login-refused" ? Verdict::Nej : Verdict::IkkeTestet;
    login.reason = session.error().message + " (token for " + entity_id + ")";
    return login;
  }
  login.session = std::move(session).value();
  return login;
}

bfo::Haendelsesbesked test_message(const std::string& beskedtype, const std::string& cvr) {
  bfo::Haendelsesbesked message;
  message.besked_id = crypto::random_uuid();
  message.besked_version = "1.0";
  message.beskedtype = beskedtype;
  message.tilladte_modtagere = {bfo::cvr_urn(cvr)};
  message.dannelsestidspunkt = iso8601_utc(Clock::now());
  message.beskeddata = "klarmeld testbesked";
  return message;
}

Result<Sent> send(amqp::Session& session, const std::string& token, const bfo::Haendelsesbesked& message,
                  std::chrono::milliseconds reply_timeout) {
  amqp::Publication publication;
  publication.exchange = bfo::afsend_exchange;
  publication.correlation_id = crypto::random_uuid();
  publication.message_id = message.besked_id; // the transaction id, the same on a retry
  publication.token = token;
  publication.body = bfo::write_haendelsesbesked(message);
  publication.reply_timeout = reply_timeout;
  TRY_ASSIGN(amqp::PublishOutcome outcome, session.publish_with_reply(publication));
  Sent sent;
  sent.reply_after = outcome.reply_after;
  const std::string seconds = std::to_string(reply_timeout.count() / 1000);
  if (outcome.returned) {
    sent.reason =
        std::string("the publish to ") + bfo::afsend_exchange + " came back unroutable: " + outcome.return_text;
    return sent;
  }
  if (outcome.nacked) {
    sent.reason = "the broker refused the publish (basic.nack under publisher confirms)";
    return sent;
  }
  if (!outcome.replied) {
    sent.reason = std::string("no StandardRetur on ") + bfo::direct_reply_to + " within " + seconds + " s" +
                  (outcome.confirmed ? " (the publish was confirmed)" : " and no publisher confirm");
    return sent;
  }
  std::string parse_error;
  auto retur = soap::find_standard_retur(outcome.reply_body, &parse_error);
  if (!retur) {
    sent.reason = "the reply is not a StandardRetur" + (parse_error.empty() ? "" : ": " + parse_error);
    return sent;
  }
  sent.status = retur->status_code;
  const std::string after = std::to_string(outcome.reply_after.count()) + " ms";
  if (retur->status_code != "20") {
    std::string meaning = retur->status_code == "41" ? " (token expired: renew it and send again)" : "";
    sent.reason = "StandardRetur " + retur->status_code + meaning +
                  (retur->error_message.empty() ? "" : ": " + retur->error_message) + " after " + after;
    return sent;
  }
  if (!outcome.confirmed) {
    sent.reason = "StandardRetur 20, but the broker never confirmed the publish (publisher confirms)";
    return sent;
  }
  sent.accepted = true;
  sent.reason = "StandardRetur 20 after " + after + ", publish confirmed";
  return sent;
}

std::chrono::seconds seconds_option(const profile::InterfaceEndpoint& endpoint, const std::string& name,
                                    std::chrono::seconds fallback) {
  const std::string text = support::option(endpoint, name);
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) {
    return fallback;
  }
  return std::chrono::seconds(std::stoi(text));
}

} // namespace klarmeld::probes::bfo_support
