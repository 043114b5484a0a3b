#include "interfaces/soap/vaerdiliste.hpp"

#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"
#include "interfaces/wssec/ws_names.hpp"
#include "util/markup_escape.hpp"

namespace klarmeld::bfo {

namespace x = crypto::xml;
namespace wns = wssec::ns;

namespace {

const char* sd = kombit::sagdok_namespace;

std::string envelope(const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>)") + "<soapenv:Envelope xmlns:soapenv=\"" + wns::soap11 +
         "\"><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
}

// The element in the SOAP 1.1 Body named {vaerdiliste}`name`, or an input error with `code`.
Result<xmlNode*> body_element(xmlDoc* doc, const char* name, const char* code) {
  xmlNode* root = xmlDocGetRootElement(doc);
  if (!x::is_element(root, wns::soap11, "Envelope")) {
    return input_error(code, "not a SOAP 1.1 envelope (the service's binding is SOAP 1.1)");
  }
  xmlNode* element =
      x::first_child_element(x::first_child_element(root, wns::soap11, "Body"), vaerdiliste_namespace, name);
  if (element == nullptr) {
    return input_error(code, std::string("the SOAP Body holds no {") + vaerdiliste_namespace + "}" + name);
  }
  return element;
}

} // namespace

std::string build_list_request(const std::vector<std::string>& uuids) {
  // ListInput is sagdok's ListInputType: one or more sd:UUIDIdentifikator (example_messages/vaerdiliste_list.xml).
  std::string body = std::string("<vl:ListInput xmlns:vl=\"") + vaerdiliste_namespace + "\" xmlns:sd=\"" + sd + "\">";
  for (const auto& uuid : uuids) {
    body += "<sd:UUIDIdentifikator>" + escape_xml(uuid) + "</sd:UUIDIdentifikator>";
  }
  return envelope(body + "</vl:ListInput>");
}

Result<std::vector<std::string>> read_list_request(const std::string& soap_xml) {
  TRY_ASSIGN(auto doc, x::parse_untrusted_xml(soap_xml, "ListInput"));
  TRY_ASSIGN(xmlNode * input, body_element(doc.get(), "ListInput", "bfo.vaerdiliste-input"));
  std::vector<std::string> uuids;
  for (xmlNode* id : x::child_elements(input, sd, "UUIDIdentifikator")) {
    uuids.push_back(x::trimmed_text(id));
  }
  if (uuids.empty()) {
    return input_error("bfo.vaerdiliste-input", "ListInput names no UUIDIdentifikator (ListInputType needs one)");
  }
  return uuids;
}

std::string build_list_answer(int status_code, const std::string& error_text, const std::vector<ValueList>& lists) {
  std::string body = std::string("<vl:ListOutput xmlns:vl=\"") + vaerdiliste_namespace + "\" xmlns:sd=\"" + sd +
                     "\"><sd:StandardRetur><sd:StatusKode>" + std::to_string(status_code) + "</sd:StatusKode>";
  if (!error_text.empty()) {
    body += "<sd:FejlbeskedTekst>" + escape_xml(error_text) + "</sd:FejlbeskedTekst>";
  }
  body += "</sd:StandardRetur>";
  // LaesResultat's FiltreretOejebliksbillede: the list's UUID (SagDokObjektType) and its current
  // attributes, the shape a list of the current state takes in VaerdilisteOperationer.xsd.
  for (const auto& list : lists) {
    body += "<vl:LaesResultat><vl:FiltreretOejebliksbillede><sd:UUIDIdentifikator>" + escape_xml(list.uuid) +
            "</sd:UUIDIdentifikator><vl:AttributListe><vl:Egenskab><vl:Vaerdiliste><vl:Navn>" + escape_xml(list.navn) +
            "</vl:Navn>";
    for (const auto& value : list.values) {
      body += "<vl:Vaerdi>" + escape_xml(value) + "</vl:Vaerdi>";
    }
    body += "</vl:Vaerdiliste><sd:Virkning><sd:AktoerRef><sd:UUIDIdentifikator>" + escape_xml(list.uuid) +
            "</sd:UUIDIdentifikator></sd:AktoerRef><sd:AktoerTypeKode>OrganisationFunktion</sd:AktoerTypeKode>"
            "</sd:Virkning></vl:Egenskab></vl:AttributListe><vl:TilstandListe/><vl:RelationListe/>"
            "</vl:FiltreretOejebliksbillede></vl:LaesResultat>";
  }
  return envelope(body + "</vl:ListOutput>");
}

Result<ListAnswer> read_list_answer(const std::string& soap_xml) {
  TRY_ASSIGN(auto doc, x::parse_untrusted_xml(soap_xml, "ListOutput"));
  TRY_ASSIGN(xmlNode * output, body_element(doc.get(), "ListOutput", "bfo.vaerdiliste-output"));
  xmlNode* retur = x::first_child_element(output, sd, "StandardRetur");
  if (retur == nullptr) {
    return input_error("bfo.vaerdiliste-output", "ListOutput has no StandardRetur");
  }
  ListAnswer answer;
  answer.status_code = x::trimmed_text(x::first_child_element(retur, sd, "StatusKode"));
  answer.error_text = x::trimmed_text(x::first_child_element(retur, sd, "FejlbeskedTekst"));
  for (xmlNode* result : x::child_elements(output, vaerdiliste_namespace, "LaesResultat")) {
    // Either a Registrering or a FiltreretOejebliksbillede (LaesResultatType); both hold an AttributListe.
    ValueList list;
    xmlNode* holder = x::first_child_element(result, vaerdiliste_namespace, "FiltreretOejebliksbillede");
    if (holder == nullptr) {
      holder = x::first_child_element(result, vaerdiliste_namespace, "Registrering");
    } else {
      list.uuid = x::trimmed_text(x::first_child_element(holder, sd, "UUIDIdentifikator"));
    }
    xmlNode* attributes = x::first_child_element(holder, vaerdiliste_namespace, "AttributListe");
    xmlNode* egenskab = x::first_child_element(attributes, vaerdiliste_namespace, "Egenskab");
    xmlNode* values = x::first_child_element(egenskab, vaerdiliste_namespace, "Vaerdiliste");
    list.navn = x::trimmed_text(x::first_child_element(values, vaerdiliste_namespace, "Navn"));
    for (xmlNode* value : x::child_elements(values, vaerdiliste_namespace, "Vaerdi")) {
      list.values.push_back(x::trimmed_text(value));
    }
    answer.lists.push_back(std::move(list));
  }
  return answer;
}

} // namespace klarmeld::bfo
