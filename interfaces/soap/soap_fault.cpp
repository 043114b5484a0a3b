#include "interfaces/soap/soap_fault.hpp"

#include "crypto/xml/xml_tree.hpp"
#include "interfaces/wssec/ws_names.hpp"

namespace klarmeld::soap {

using namespace crypto::xml;
namespace wns = wssec::ns;

std::string SoapFault::describe() const {
  std::string text = code.empty() ? "fault" : code;
  if (!subcode.empty()) {
    text += "/" + subcode;
  }
  return text + ": " + (reason.empty() ? "(no reason given)" : reason);
}

Result<std::optional<SoapFault>> find_soap_fault(xmlDoc* doc) {
  xmlNode* envelope = xmlDocGetRootElement(doc);
  bool soap12 = is_element(envelope, wns::soap12, "Envelope");
  if (!soap12 && !is_element(envelope, wns::soap11, "Envelope")) {
    return input_error("soap.not-envelope", "the answer is not a SOAP envelope (root <" + local_name(envelope) + ">)");
  }
  const char* env_ns = soap12 ? wns::soap12 : wns::soap11;
  xmlNode* body = first_child_element(envelope, env_ns, "Body");
  xmlNode* fault = first_child_element(body, env_ns, "Fault");
  if (fault == nullptr) {
    return std::optional<SoapFault>();
  }
  SoapFault result;
  if (soap12) {
    xmlNode* code = first_child_element(fault, env_ns, "Code");
    result.code = trimmed_text(first_child_element(code, env_ns, "Value"));
    xmlNode* subcode = first_child_element(code, env_ns, "Subcode");
    result.subcode = trimmed_text(first_child_element(subcode, env_ns, "Value"));
    result.reason = trimmed_text(first_child_element(first_child_element(fault, env_ns, "Reason"), env_ns, "Text"));
  } else {
    result.code = trimmed_text(first_child_element(fault, nullptr, "faultcode"));
    result.reason = trimmed_text(first_child_element(fault, nullptr, "faultstring"));
  }
  return std::optional<SoapFault>(result);
}

std::string build_soap12_fault(const std::string& code, const std::string& subcode, const std::string& reason) {
  std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"") +
                    wns::soap12 + "\"><env:Body><env:Fault><env:Code><env:Value>env:" + escape_xml(code) +
                    "</env:Value>";
  if (!subcode.empty()) {
    xml += "<env:Subcode><env:Value>" + escape_xml(subcode) + "</env:Value></env:Subcode>";
  }
  xml += "</env:Code><env:Reason><env:Text xml:lang=\"da\">" + escape_xml(reason) +
         "</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>";
  return xml;
}

std::string build_soap11_fault(const std::string& code, const std::string& reason) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"") + wns::soap11 +
         "\"><env:Body><env:Fault><faultcode>env:" + escape_xml(code) + "</faultcode><faultstring xml:lang=\"da\">" +
         escape_xml(reason) + "</faultstring></env:Fault></env:Body></env:Envelope>";
}

} // namespace klarmeld::soap
