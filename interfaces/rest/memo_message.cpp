#include "interfaces/rest/memo_message.hpp"

#include "interfaces/pugi_local.hpp"
#include "util/base64.hpp"
#include "util/markup_escape.hpp"

#include <cstring>

#include <openssl/evp.h>
#include <pugixml.hpp>

namespace klarmeld::probes {
namespace {

using pugi_local::child;

std::string element(const std::string& name, const std::string& value) {
  return "<" + name + ">" + escape_xml(value) + "</" + name + ">";
}

} // namespace

std::string build_memo_message(const MemoMessage& message) {
  std::string xml =
      std::string("<Message xmlns=\"") + memo_namespace + "\" memoVersion=\"" + escape_xml(message.memo_version) + "\"";
  if (message.memo_version == "1.1") {
    xml += " memoSchVersion=\"1.1.0\""; // "required for MeMo 1.1 only" (itk-dev/serviceplatformen SF1601.php)
  }
  xml += ">";
  xml += "<MessageHeader>";
  xml += element("messageType", "DIGITALPOST") + element("messageUUID", message.message_uuid) +
         element("label", message.label) + element("mandatory", "false") + element("legalNotification", "false");
  xml += "<Sender>" + element("senderID", message.sender_cvr) + element("idType", "CVR") +
         element("label", message.sender_label) + "</Sender>";
  xml += "<Recipient>" + element("recipientID", message.recipient_cpr) + element("idType", "CPR") + "</Recipient>";
  xml += "</MessageHeader><MessageBody>" + element("createdDateTime", message.created_utc);
  xml += "<MainDocument><File>" + element("encodingFormat", "text/plain") + element("filename", message.filename) +
         element("language", "da") + element("content", base64_encode(message.content_text)) + "</File></MainDocument>";
  return xml + "</MessageBody></Message>";
}

std::string build_kombi_request(const MemoMessage& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kombi_request>" +
         element("KombiValgKode", message.kombi_valg_kode) + build_memo_message(message) + "</kombi_request>";
}

namespace {

// The MeMo parts a sender must fill in, appended to `missing`.
void check_memo(const pugi::xml_node& message, std::vector<std::string>& missing) {
  if (!message || std::string(message.attribute("xmlns").value()) != memo_namespace) {
    missing.push_back("Message (namespace https://DigitalPost.dk/MeMo-1)");
    return;
  }
  const std::string version = message.attribute("memoVersion").value();
  if (version != "1.1" && version != "1.2") {
    missing.push_back("Message/@memoVersion (1.1 or 1.2)");
  } else if (version == "1.1" && std::strlen(message.attribute("memoSchVersion").value()) == 0) {
    missing.push_back("Message/@memoSchVersion (MeMo 1.1)");
  }
  pugi::xml_node header = child(message, "MessageHeader");
  for (const char* name : {"messageType", "messageUUID", "label"}) {
    if (std::strlen(child(header, name).child_value()) == 0) {
      missing.push_back(std::string("MessageHeader/") + name);
    }
  }
  for (const char* name : {"senderID", "idType"}) {
    if (std::strlen(child(child(header, "Sender"), name).child_value()) == 0) {
      missing.push_back(std::string("MessageHeader/Sender/") + name);
    }
  }
  for (const char* name : {"recipientID", "idType"}) {
    if (std::strlen(child(child(header, "Recipient"), name).child_value()) == 0) {
      missing.push_back(std::string("MessageHeader/Recipient/") + name);
    }
  }
  pugi::xml_node file = child(child(child(message, "MessageBody"), "MainDocument"), "File");
  for (const char* name : {"encodingFormat", "filename", "language", "content"}) {
    if (std::strlen(child(file, name).child_value()) == 0) {
      missing.push_back(std::string("MessageBody/MainDocument/File/") + name);
    }
  }
}

} // namespace

std::vector<std::string> validate_kombi_request(const std::string& xml) {
  std::vector<std::string> missing;
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default)) {
    return {"well-formed XML"};
  }
  pugi::xml_node root = document.child("kombi_request");
  if (!root) {
    return {"kombi_request"};
  }
  if (std::strlen(child(root, "KombiValgKode").child_value()) == 0) {
    missing.push_back("KombiValgKode");
  }
  check_memo(child(root, "Message"), missing);
  return missing;
}

std::vector<std::string> validate_memo_message(const std::string& xml) {
  std::vector<std::string> missing;
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size(), pugi::parse_default)) {
    return {"well-formed XML"};
  }
  check_memo(document.document_element(), missing);
  return missing;
}

} // namespace klarmeld::probes
