#include "interfaces/soap/soap_operations.hpp"

#include <array>

#include "crypto/random.hpp"
#include "crypto/xml/encoding.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_tree.hpp"
#include "interfaces/kombit_names.hpp"

namespace klarmeld::soap {

using namespace crypto::xml;

namespace {

constexpr std::array<const char*, 8> organisation_objects = {
    "virksomhed",         "bruger",      "person", "adresse", "organisationenhed", "organisationfunktion",
    "organisationsystem", "organisation"};

std::string option_of(const OperationInputs& inputs, const std::string& name) {
  auto found = inputs.options.find(name);
  return found == inputs.options.end() ? std::string() : found->second;
}

// …/organisation/<objekt>/6/ with the object swapped, or the configured <objekt>_url.
std::string organisation_url(const OperationInputs& inputs, const std::string& object) {
  std::string configured = option_of(inputs, object + "_url");
  if (!configured.empty()) {
    return configured;
  }
  std::string url = inputs.endpoint_url;
  for (const char* known : organisation_objects) {
    std::string segment = std::string("/") + known + "/6";
    auto at = url.find(segment);
    if (at != std::string::npos) {
      return url.substr(0, at) + "/" + object + "/6" + url.substr(at + segment.size());
    }
  }
  return url;
}

using criteria::SoapOperation;
using wssec::SoapVersion;

// SOAP 1.2 for SF1500/SF1510/SF1490: their WSDLs bind with http://schemas.xmlsoap.org/wsdl/soap12/
// (kombit/kosdy_infrastructureSamples-java src/main/resources/wsdl/Virksomhed/Virksomhed.wsdl,
// …/Klasse/Klasse.wsdl, …/YdelsesIndeks/wsdl/YdelseIndeks.wsdl at 3c835408). SF1470 is SOAP 1.1 with the
// SOAP 1.1 security policy: …/SagDokumentIndeks/wsdl/SagDokumentIndeksService_6.wsdl binds its `soap12`
// prefix to http://schemas.xmlsoap.org/wsdl/soap/ and imports …/wsdl/xsd/policies/OIOIDWS.wsdl
// (http://serviceplatformen.dk/xml/wsdl/soap11/Security/Policy); KOMBIT's .NET sample configures it so
// and is the only one sending the Liberty Framework header (kombit/kosdy_infrastructureSamples-net6
// Kombit.InfrastructureSamples/appsettings.json: oioIdwsSagsDokumentIndeksConfiguration
// "wspSoapVersion": "1.1", "includeLibertyHeader": true; commonConfiguration "1.2", false).
constexpr OperationBinding bindings[] = {
    {SoapOperation::VirksomhedSoeg, kombit::action_virksomhed_soeg, kombit::virksomhed_namespace, "SoegInput",
     SoapVersion::Soap12, false},
    {SoapOperation::BrugerLaes, kombit::action_bruger_laes, kombit::bruger_namespace, "LaesInput", SoapVersion::Soap12,
     false},
    {SoapOperation::OrganisationenhedSoeg, kombit::action_organisationenhed_soeg, kombit::organisationenhed_namespace,
     "SoegInput", SoapVersion::Soap12, false},
    {SoapOperation::OrganisationenhedLaes, kombit::action_organisationenhed_laes, kombit::organisationenhed_namespace,
     "LaesInput", SoapVersion::Soap12, false},
    {SoapOperation::KlasseSoeg, kombit::action_klasse_soeg, kombit::klasse_namespace, "SoegInput", SoapVersion::Soap12,
     false},
    {SoapOperation::SagdokumentindeksImporter, kombit::action_sagdokumentindeks_importer,
     kombit::sagdokumentindeks_namespace, "ImporterSagDokumentIndeksInput", SoapVersion::Soap11, true},
    {SoapOperation::SagdokumentindeksValidering, kombit::action_sagdokumentindeks_importer,
     kombit::sagdokumentindeks_namespace, "ImporterSagDokumentIndeksInput", SoapVersion::Soap11, true},
    {SoapOperation::YdelsesindeksImporter, kombit::action_ydelsesindeks_importer, kombit::ydelseindeks_namespace,
     "ImporterYdelseIndeksInput", SoapVersion::Soap12, false},
};

// SoegInputType extends sd:SoegInputType (all optional: FoersteResultatReference, MaksimalAntalKvantitet, …)
// with AttributListe, TilstandListe and RelationListe, each required (no minOccurs):
// kombit/kosdy_infrastructureSamples-java src/main/resources/wsdl/Virksomhed/VirksomhedOperationer.xsd and
// …/Klasse/KlasseOperationer.xsd; the empty lists as in that repository's
// src/main/java/dk/kombit/samples/organisation/Virksomhed.java and its captured
// src/main/java/dk/kombit/samples/example.xml.
std::string soeg_input(const std::string& ns, const std::string& attributes, const std::string& extra_namespaces = {}) {
  return "<SoegInput xmlns=\"" + ns + "\" xmlns:sd=\"" + kombit::sagdok_namespace + "\"" + extra_namespaces +
         "><sd:FoersteResultatReference>0</sd:FoersteResultatReference>"
         "<sd:MaksimalAntalKvantitet>10</sd:MaksimalAntalKvantitet>" +
         (attributes.empty() ? std::string("<AttributListe/>") : "<AttributListe>" + attributes + "</AttributListe>") +
         "<TilstandListe/><RelationListe/></SoegInput>";
}

std::string laes_input(const std::string& ns, const std::string& uuid) {
  return "<LaesInput xmlns=\"" + ns + "\" xmlns:sd=\"" + kombit::sagdok_namespace + "\"><sd:UUIDIdentifikator>" +
         escape_xml(uuid) + "</sd:UUIDIdentifikator></LaesInput>";
}

Result<std::string> required_option(const OperationInputs& inputs, const std::string& name,
                                    const std::string& operation) {
  std::string value = option_of(inputs, name);
  if (value.empty()) {
    return input_error("soap.input", "operation " + operation + " needs the interface option '" + name + "'");
  }
  return value;
}

// SF1470 import: the WSDL's request part ImporterSagDokumentIndeksInput, a choice of DokumentIndeks and
// SagIndeks (kombit/kosdy_infrastructureSamples-java src/main/resources/wsdl/SagDokumentIndeks/wsdl/
// xsd/6.0.STS-0/SagDokumentIndeksOperationer.xsd). SagIndeks is a sag:SagType (…/Sag.xsd): the
// sd:UUIDIdentifikator of sd:SagDokObjektType (…/common/SagDokObjekt.xsd), then one or more Registrering,
// each with the required AttributListe, TilstandListe and RelationListe (Sagsaktoer, Sagsklasse,
// Sagspart, Sagsrelation in that order; each a gd:RelationType from …/GenerelleDefinitioner.xsd with
// Rolle and ReferenceID as sd:UnikIdType). The relations are the ones KOMBIT's validation requires
// (§4 SF1470, KOSDY): Sagsaktør Ejer/Ansvarlig/Primær behandler, Sagspart Primær part, Sagsklasse
// Primær klasse/Handlingsklasse, Sagsarkiv Behandlingsarkiv, IT-system Master/Afsender. The role
// identifiers (URNs) are klarmeld's own [I]: KOMBIT's role UUIDs are not in a public source.
std::string sagdokumentindeks_import(const OperationInputs& inputs) {
  std::string authority = "urn:oio:cvr-nr:" + escape_xml(inputs.municipality_cvr);
  auto relation = [](const std::string& kind, const std::string& role, const std::string& reference) {
    return "<sag:" + kind + "><gd:Rolle><sd:URNIdentifikator>urn:klarmeld:rolle:" + role +
           "</sd:URNIdentifikator></gd:Rolle><gd:ReferenceID><sd:URNIdentifikator>" + reference +
           "</sd:URNIdentifikator></gd:ReferenceID></sag:" + kind + ">";
  };
  std::string system = "urn:klarmeld:it-system:" + escape_xml(inputs.vendor_system_name);
  return std::string("<sdi:ImporterSagDokumentIndeksInput xmlns:sdi=\"") + kombit::sagdokumentindeks_namespace +
         "\" xmlns:sag=\"" + kombit::sag_namespace + "\" xmlns:gd=\"" + kombit::generelledefinitioner_namespace +
         "\" xmlns:sd=\"" + kombit::sagdok_namespace + "\"><sdi:SagIndeks><sd:UUIDIdentifikator>" +
         crypto::random_uuid() +
         "</sd:UUIDIdentifikator><sag:Registrering><sag:AttributListe><sag:Egenskaber>"
         "<sag:Titel>klarmeld prøvesag</sag:Titel></sag:Egenskaber></sag:AttributListe><sag:TilstandListe>"
         "<sag:Fremdrift><sag:FremdriftStatusKode>Opstaaet</sag:FremdriftStatusKode></sag:Fremdrift>"
         "</sag:TilstandListe><sag:RelationListe>" +
         relation("Sagsaktoer", "Ejer", authority) + relation("Sagsaktoer", "Ansvarlig", authority) +
         relation("Sagsaktoer", "PrimaerBehandler", authority) + relation("Sagsaktoer", "Master", system) +
         relation("Sagsaktoer", "Afsender", system) +
         relation("Sagsklasse", "PrimaerKlasse", "urn:klarmeld:klasse:00.00.00") +
         relation("Sagsklasse", "Handlingsklasse", "urn:klarmeld:klasse:A00") +
         relation("Sagspart", "PrimaerPart", authority) + relation("Sagsrelation", "Behandlingsarkiv", system) +
         "</sag:RelationListe></sag:Registrering></sdi:SagIndeks></sdi:ImporterSagDokumentIndeksInput>";
}

} // namespace

std::span<const OperationBinding> operation_bindings() {
  return bindings;
}

const OperationBinding& binding_of(criteria::SoapOperation operation) {
  for (const OperationBinding& binding : bindings) {
    if (binding.operation == operation) {
      return binding;
    }
  }
  return bindings[0]; // unreachable: every SoapOperation has a row (test_soap_operations.cpp)
}

const OperationBinding* binding_for_action(std::string_view action) {
  for (const OperationBinding& binding : bindings) {
    if (action == binding.action) {
      return &binding;
    }
  }
  return nullptr;
}

Result<OperationCall> build_operation(criteria::SoapOperation operation, const OperationInputs& inputs) {
  const std::string name(spelling_of(criteria::soap_operation_spellings, operation));
  const OperationBinding& binding = binding_of(operation);
  OperationCall call;
  call.action = binding.action;
  call.soap_version = binding.soap_version;
  call.liberty_framework = binding.liberty_framework;
  switch (operation) {
  case SoapOperation::VirksomhedSoeg:
    // Finding an authority's Organisation starts from Virksomhed by CVR (§4 SF1500, KOSDY, OS2Kitos). The
    // CVR is sts:CVR-NummerTekst (kombit/kosdy_infrastructureSamples-java
    // src/main/resources/wsdl/Virksomhed/Virksomhed.xsd EgenskabType, …/GenerelleDefinitioner.xsd).
    call.url = organisation_url(inputs, "virksomhed");
    call.body_xml = soeg_input(binding.body_namespace,
                               "<Egenskab><sts:CVR-NummerTekst>" + escape_xml(inputs.municipality_cvr) +
                                   "</sts:CVR-NummerTekst></Egenskab>",
                               std::string(" xmlns:sts=\"") + kombit::sts_definitions_namespace + "\"");
    break;
  case SoapOperation::BrugerLaes:
  case SoapOperation::OrganisationenhedLaes: {
    std::string object = name.substr(0, name.find('/'));
    TRY_ASSIGN(std::string uuid, required_option(inputs, object + "_uuid", name));
    call.url = organisation_url(inputs, object);
    call.body_xml = laes_input(binding.body_namespace, uuid);
    break;
  }
  case SoapOperation::OrganisationenhedSoeg:
    call.url = organisation_url(inputs, "organisationenhed");
    call.body_xml = soeg_input(binding.body_namespace, "");
    break;
  case SoapOperation::KlasseSoeg:
    call.url = inputs.endpoint_url;
    call.body_xml = soeg_input(binding.body_namespace, "");
    break;
  case SoapOperation::SagdokumentindeksImporter:
  case SoapOperation::SagdokumentindeksValidering:
    call.url = operation == SoapOperation::SagdokumentindeksImporter
                   ? inputs.endpoint_url
                   : (option_of(inputs, "validation_url").empty() ? std::string(sf1470_validation_url)
                                                                  : option_of(inputs, "validation_url"));
    call.body_xml = sagdokumentindeks_import(inputs);
    call.token_optional = operation == SoapOperation::SagdokumentindeksValidering;
    break;
  case SoapOperation::YdelsesindeksImporter:
    call.url = inputs.endpoint_url;
    // ImporterYdelseIndeksInputType is a choice, minOccurs 0, of BevillingIndeks and
    // OekonomiskEffektueringIndeks (YdelseIndeks.wsdl, see kombit_names.hpp). Their inner types are not
    // in a public source we have, so the probe sends the empty import the schema allows: it proves the
    // token, the agreement and the call; what a full import holds stays a manual criterion.
    call.body_xml = std::string("<ImporterYdelseIndeksInput xmlns=\"") + binding.body_namespace + "\"/>";
    break;
  }
  if (call.url.empty()) {
    return input_error("soap.input", "the profile gives no URL for operation " + name);
  }
  return call;
}

std::optional<StandardRetur> find_standard_retur(const std::string& response_xml, std::string* parse_error) {
  auto doc = parse_untrusted_xml(response_xml, "SOAP answer");
  if (!doc) {
    if (parse_error != nullptr) {
      *parse_error = doc.error().message;
    }
    return std::nullopt;
  }
  auto returns = descendants(xmlDocGetRootElement(doc->get()), nullptr, "StandardRetur");
  if (returns.empty()) {
    return std::nullopt;
  }
  StandardRetur retur;
  retur.status_code = trimmed_text(first_child_element(returns.front(), nullptr, "StatusKode"));
  retur.error_message = trimmed_text(first_child_element(returns.front(), nullptr, "FejlbeskedTekst"));
  return retur;
}

} // namespace klarmeld::soap
