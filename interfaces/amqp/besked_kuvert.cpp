#include "interfaces/amqp/besked_kuvert.hpp"

#include <cctype>
#include <initializer_list>

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "util/time.hpp"

namespace klarmeld::bfo {
namespace {

using namespace crypto::xml;

// An envelope is a few KiB; the cap keeps a hostile sample file or message cheap to refuse.
constexpr size_t max_envelope_bytes = size_t{4} << 20;
constexpr int max_envelope_depth = 64;

Error problem(const std::string& origin, const std::string& message) {
  return input_error("bfo.envelope", origin + ": " + message);
}

// The element children of `parent` must be, in order, the names in `sequence`, each once, optional
// ones (marked by a trailing '?') possibly absent; a repeated last name ('*') may occur any number of
// times. Anything else is out of the xs:sequence.
Status check_sequence(xmlNode* parent, std::initializer_list<std::string_view> sequence, const std::string& origin,
                      const std::string& where) {
  auto children = child_elements(parent);
  size_t at = 0;
  for (std::string_view entry : sequence) {
    const bool optional = entry.back() == '?' || entry.back() == '*';
    const bool repeated = entry.back() == '*';
    const std::string name(optional ? entry.substr(0, entry.size() - 1) : entry);
    size_t seen = 0;
    while (at < children.size() && is_element(children[at], kuvert_namespace, name.c_str()) &&
           (repeated || seen == 0)) {
      ++at;
      ++seen;
    }
    if (seen == 0 && !optional) {
      return problem(origin, where + " lacks " + name + " (in " + kuvert_namespace + ")");
    }
  }
  if (at < children.size()) {
    return problem(origin, "unexpected element " + local_name(children[at]) + " {" + namespace_of(children[at]) +
                               "} in " + where);
  }
  return Ok{};
}

// A sagdok UnikIdType: exactly one UUIDIdentifikator or URNIdentifikator child.
Result<std::string> unik_id(xmlNode* parent, bool uuid_required, const std::string& origin, const std::string& what) {
  xmlNode* uuid = first_child_element(parent, kombit::sagdok_namespace, "UUIDIdentifikator");
  xmlNode* urn = first_child_element(parent, kombit::sagdok_namespace, "URNIdentifikator");
  if (uuid == nullptr && urn == nullptr) {
    return problem(origin, what + " has no UUIDIdentifikator or URNIdentifikator (in " +
                               std::string(kombit::sagdok_namespace) + ")");
  }
  if (uuid == nullptr) {
    if (uuid_required) {
      return problem(origin, what + " is not a UUID: '" + trimmed_text(urn) + "'");
    }
    return trimmed_text(urn);
  }
  std::string value = trimmed_text(uuid);
  if (!is_uuid(value)) {
    return problem(origin, what + " is not a UUID: '" + value + "'");
  }
  return value;
}

} // namespace

bool is_uuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

std::string cvr_urn(const std::string& cvr) {
  return "urn:oio:cvr-nr:" + cvr;
}

std::string cpr_urn(const std::string& cpr) {
  return "urn:oio:cpr-nr:" + cpr;
}

Result<Haendelsesbesked> read_haendelsesbesked(std::string_view xml, const std::string& origin) {
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(xml, origin, max_envelope_bytes, max_envelope_depth));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is_element(root, kuvert_namespace, "Haendelsesbesked")) {
    return problem(origin, "the root is " + local_name(root) + " {" + namespace_of(root) + "}, not Haendelsesbesked {" +
                               kuvert_namespace + "}");
  }
  TRY(check_sequence(root, {"BeskedId", "BeskedVersion", "Beskedkuvert", "Beskeddata*"}, origin, "Haendelsesbesked"));
  xmlNode* kuvert = first_child_element(root, kuvert_namespace, "Beskedkuvert");
  TRY(check_sequence(kuvert,
                     {"Filtreringsdata", "Leveranceinformation", "Modtagerhandling?", "GyldighedFra?", "GyldighedTil?"},
                     origin, "Beskedkuvert"));
  xmlNode* filtrering = first_child_element(kuvert, kuvert_namespace, "Filtreringsdata");
  TRY(check_sequence(filtrering,
                     {"Beskedtype", "BeskedAnsvarligAktoer?", "TilladtModtager*", "RelateretObjekt*",
                      "ObjektRegistrering*", "TvaergaaendeProces*"},
                     origin, "Filtreringsdata"));
  Haendelsesbesked message;
  TRY_ASSIGN(message.besked_id,
             unik_id(first_child_element(root, kuvert_namespace, "BeskedId"), true, origin, "BeskedId"));
  message.besked_version = trimmed_text(first_child_element(root, kuvert_namespace, "BeskedVersion"));
  if (message.besked_version.empty()) {
    return problem(origin, "BeskedVersion is empty");
  }
  TRY_ASSIGN(message.beskedtype,
             unik_id(first_child_element(filtrering, kuvert_namespace, "Beskedtype"), true, origin, "Beskedtype"));
  if (xmlNode* aktoer = first_child_element(filtrering, kuvert_namespace, "BeskedAnsvarligAktoer")) {
    TRY_ASSIGN(message.ansvarlig_aktoer, unik_id(aktoer, false, origin, "BeskedAnsvarligAktoer"));
  }
  for (xmlNode* modtager : child_elements(filtrering, kuvert_namespace, "TilladtModtager")) {
    TRY_ASSIGN(std::string recipient, unik_id(modtager, false, origin, "TilladtModtager"));
    message.tilladte_modtagere.push_back(std::move(recipient));
  }
  for (const char* holder : {"RelateretObjekt", "ObjektRegistrering"}) {
    for (xmlNode* objekt : child_elements(filtrering, kuvert_namespace, holder)) {
      if (xmlNode* id = first_child_element(objekt, kuvert_namespace, "ObjektId")) {
        TRY_ASSIGN(std::string text, unik_id(id, false, origin, std::string(holder) + "/ObjektId"));
        message.objekt_ids.push_back(std::move(text));
      }
    }
  }
  xmlNode* leverance = first_child_element(kuvert, kuvert_namespace, "Leveranceinformation");
  xmlNode* dannelse = first_child_element(leverance, kuvert_namespace, "Dannelsestidspunkt");
  if (dannelse == nullptr) {
    return problem(origin, "Beskedkuvert/Leveranceinformation lacks Dannelsestidspunkt (the sender sets it)");
  }
  message.dannelsestidspunkt =
      trimmed_text(first_child_element(dannelse, kombit::sagdok_namespace, "TidsstempelDatoTid"));
  if (!parse_xml_datetime(message.dannelsestidspunkt, ZoneDesignator::OptionalMeansUtc)) {
    return problem(origin,
                   "Dannelsestidspunkt has no TidsstempelDatoTid xs:dateTime: '" + message.dannelsestidspunkt + "'");
  }
  return message;
}

std::string write_haendelsesbesked(const Haendelsesbesked& message) {
  std::string recipients;
  for (const auto& recipient : message.tilladte_modtagere) {
    recipients +=
        "<k:TilladtModtager><URNIdentifikator>" + escape_xml(recipient) + "</URNIdentifikator></k:TilladtModtager>";
  }
  // ObjektRegistrering's children are all optional (Beskedkuvert.xsd); ObjektId alone names the object.
  std::string objekter;
  for (const auto& id : message.objekt_ids) {
    objekter += "<k:ObjektRegistrering><k:ObjektId><URNIdentifikator>" + escape_xml(id) +
                "</URNIdentifikator></k:ObjektId></k:ObjektRegistrering>";
  }
  std::string aktoer;
  if (!message.ansvarlig_aktoer.empty()) {
    aktoer = "<k:BeskedAnsvarligAktoer><UUIDIdentifikator>" + escape_xml(message.ansvarlig_aktoer) +
             "</UUIDIdentifikator></k:BeskedAnsvarligAktoer>";
  }
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<k:Haendelsesbesked xmlns=\"") +
         kombit::sagdok_namespace + "\" xmlns:k=\"" + kuvert_namespace + "\"><k:BeskedId><UUIDIdentifikator>" +
         escape_xml(message.besked_id) + "</UUIDIdentifikator></k:BeskedId><k:BeskedVersion>" +
         escape_xml(message.besked_version) +
         "</k:BeskedVersion><k:Beskedkuvert><k:Filtreringsdata><k:Beskedtype><UUIDIdentifikator>" +
         escape_xml(message.beskedtype) + "</UUIDIdentifikator></k:Beskedtype>" + aktoer + recipients + objekter +
         "</k:Filtreringsdata><k:Leveranceinformation><k:Dannelsestidspunkt><TidsstempelDatoTid>" +
         escape_xml(message.dannelsestidspunkt) +
         "</TidsstempelDatoTid></k:Dannelsestidspunkt></k:Leveranceinformation></k:Beskedkuvert><k:Beskeddata>"
         "<t:Testbesked xmlns:t=\"urn:klarmeld:testbesked\">" +
         escape_xml(message.beskeddata) + "</t:Testbesked></k:Beskeddata></k:Haendelsesbesked>\n";
}

} // namespace klarmeld::bfo
