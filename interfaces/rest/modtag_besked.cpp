#include "interfaces/rest/modtag_besked.hpp"

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::bfo {

namespace x = crypto::xml;

namespace {

Error push_input_error(const std::string& message) {
  return input_error("bfo.push-input", "ModtagBeskedInput: " + message);
}

} // namespace

std::string build_modtag_besked_input(const PushMessage& message) {
  // Prefixes as the sample's JAXB output: sagdok as default namespace (UUIDIdentifikator), kuvert
  // and sts prefixed.
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  xml += std::string("<sts:ModtagBeskedInput xmlns=\"") + kombit::sagdok_namespace + "\" xmlns:k=\"" +
         kuvert_namespace + "\" xmlns:sts=\"" + sts_namespace + "\">";
  xml += "<k:Haendelsesbesked><k:BeskedId><UUIDIdentifikator>" + escape_xml(message.besked_id) +
         "</UUIDIdentifikator></k:BeskedId><k:BeskedVersion>1.0</k:BeskedVersion><k:Beskedkuvert>"
         "<k:Filtreringsdata><k:Beskedtype><UUIDIdentifikator>" +
         escape_xml(message.beskedtype) +
         "</UUIDIdentifikator></k:Beskedtype></k:Filtreringsdata><k:Leveranceinformation><k:TransaktionsId>"
         "<UUIDIdentifikator>" +
         escape_xml(message.transaktions_id) +
         "</UUIDIdentifikator></k:TransaktionsId></k:Leveranceinformation></k:Beskedkuvert><k:Beskeddata>"
         "<t:Test xmlns:t=\"urn:klarmeld:test\">" +
         escape_xml(message.data_text) + "</t:Test></k:Beskeddata></k:Haendelsesbesked></sts:ModtagBeskedInput>";
  return xml;
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

std::string build_modtag_besked_output(int status_code, const std::string& error_text) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "<sts:ModtagBeskedOutput xmlns=\"" +
         kombit::sagdok_namespace + "\" xmlns:sts=\"" + sts_namespace + "\"><StandardRetur><StatusKode>" +
         std::to_string(status_code) + "</StatusKode><FejlbeskedTekst>" + escape_xml(error_text) +
         "</FejlbeskedTekst></StandardRetur></sts:ModtagBeskedOutput>";
}

} // namespace klarmeld::bfo
