#include "interfaces/rest/modtag_besked.hpp"

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/soap/soap_operations.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::bfo {

namespace x = crypto::xml;

namespace {

Error push_input_error(const std::string& message) {
  return input_error("bfo.push-input", "ModtagBeskedInput: " + message);
}

// The declaration and the root's start tag. Prefixes as the sample's JAXB output: sagdok as default
// namespace (UUIDIdentifikator), kuvert and sts prefixed.
std::string input_start() {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "<sts:ModtagBeskedInput xmlns=\"" +
         kombit::sagdok_namespace + "\" xmlns:k=\"" + kuvert_namespace + "\" xmlns:sts=\"" + sts_namespace + "\">";
}

constexpr const char* input_end = "</sts:ModtagBeskedInput>";

} // namespace

Result<std::string> wrap_modtag_besked_input(std::string_view haendelsesbesked_xml) {
  auto doc = x::parse_untrusted_xml(haendelsesbesked_xml, "Haendelsesbesked");
  if (!doc) {
    return push_input_error(doc.error().message);
  }
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!x::is_element(root, kuvert_namespace, "Haendelsesbesked")) {
    return push_input_error(std::string("the message is not a {") + kuvert_namespace + "}Haendelsesbesked");
  }
  return input_start() + x::serialize_element(root) + input_end;
}

std::string build_modtag_besked_input(const PushMessage& message) {
  std::string xml = input_start();
  xml += "<k:Haendelsesbesked><k:BeskedId><UUIDIdentifikator>" + escape_xml(message.besked_id) +
         "</UUIDIdentifikator></k:BeskedId><k:BeskedVersion>1.0</k:BeskedVersion><k:Beskedkuvert>"
         "<k:Filtreringsdata><k:Beskedtype><UUIDIdentifikator>" +
         escape_xml(message.beskedtype) +
         "</UUIDIdentifikator></k:Beskedtype></k:Filtreringsdata><k:Leveranceinformation><k:TransaktionsId>"
         "<UUIDIdentifikator>" +
         escape_xml(message.transaktions_id) +
         "</UUIDIdentifikator></k:TransaktionsId></k:Leveranceinformation></k:Beskedkuvert><k:Beskeddata>"
         "<t:Test xmlns:t=\"urn:klarmeld:test\">" +
         escape_xml(message.data_text) + "</t:Test></k:Beskeddata></k:Haendelsesbesked>" + input_end;
  return xml;
}

http::Request modtag_besked_request(const std::string& callback_url, std::string input_xml) {
  http::Request request;
  request.method = "POST";
  request.url = callback_url;
  request.headers = {{"Content-Type", push_content_type}};
  request.body = std::move(input_xml);
  request.client_certificate = true; // BFO calls the callback over two-way TLS (kombit-notes "Beskedfordeler")
  return request;
}

Result<std::string> read_modtag_besked_input(const std::string& xml) {
  auto doc = x::parse_untrusted_xml(xml, "ModtagBeskedInput");
  if (!doc) {
    return push_input_error(doc.error().message);
  }
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!x::is_element(root, sts_namespace, "ModtagBeskedInput")) {
    return push_input_error(std::string("the root is not {") + sts_namespace + "}ModtagBeskedInput");
  }
  xmlNode* besked = x::first_child_element(root, kuvert_namespace, "Haendelsesbesked");
  if (besked == nullptr) {
    return push_input_error(std::string("no {") + kuvert_namespace + "}Haendelsesbesked");
  }
  xmlNode* id = x::first_child_element(besked, kuvert_namespace, "BeskedId");
  const std::string uuid = x::trimmed_text(x::first_child_element(id, kombit::sagdok_namespace, "UUIDIdentifikator"));
  if (!is_uuid(uuid)) {
    return push_input_error("BeskedId/UUIDIdentifikator is not a UUID");
  }
  if (x::first_child_element(besked, kuvert_namespace, "Beskedkuvert") == nullptr) {
    return push_input_error("no Beskedkuvert");
  }
  return uuid;
}

PushAnswer read_modtag_besked_answer(long http_status, const std::string& body) {
  PushAnswer answer;
  std::string parse_error;
  auto retur = soap::find_standard_retur(body, &parse_error);
  answer.said = "HTTP " + std::to_string(http_status);
  if (!retur) {
    answer.said +=
        parse_error.empty() ? ", no ModtagBeskedOutput/StandardRetur" : ", unreadable answer: " + parse_error;
    return answer;
  }
  answer.status_code = http_status == 200 ? retur->status_code : "";
  answer.received = answer.status_code == status_received;
  answer.said += ", StatusKode " + retur->status_code;
  if (!retur->error_message.empty()) {
    answer.said += " (" + retur->error_message + ")";
  }
  return answer;
}

std::string build_modtag_besked_output(int status_code, const std::string& error_text) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "<sts:ModtagBeskedOutput xmlns=\"" +
         kombit::sagdok_namespace + "\" xmlns:sts=\"" + sts_namespace + "\"><StandardRetur><StatusKode>" +
         std::to_string(status_code) + "</StatusKode><FejlbeskedTekst>" + escape_xml(error_text) +
         "</FejlbeskedTekst></StandardRetur></sts:ModtagBeskedOutput>";
}

} // namespace klarmeld::bfo
