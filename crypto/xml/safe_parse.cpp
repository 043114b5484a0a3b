#include "crypto/xml/safe_parse.hpp"

#include <climits>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "crypto/xml/xml_security.hpp"

namespace klarmeld::crypto::xml {
namespace {

enum class Refusal { None, Doctype, TooDeep };

struct ParseGuard {
  int max_depth = default_max_xml_depth;
  Refusal refusal = Refusal::None;
  int line = 0;
};

xmlParserCtxtPtr context_of(void* ctx) {
  return static_cast<xmlParserCtxtPtr>(ctx);
}
ParseGuard& guard_of(xmlParserCtxtPtr ctxt) {
  return *static_cast<ParseGuard*>(ctxt->_private);
}

// SAX hooks: C callbacks, no exceptions.
void refuse_doctype(void* ctx, const xmlChar* /*name*/, const xmlChar* /*public_id*/,
                    const xmlChar* /*system_id*/) noexcept {
  xmlParserCtxtPtr ctxt = context_of(ctx);
  guard_of(ctxt).refusal = Refusal::Doctype;
  guard_of(ctxt).line = xmlSAX2GetLineNumber(ctx);
  xmlStopParser(ctxt);
}

void start_element_with_depth_cap(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                                  int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int nb_defaulted,
                                  const xmlChar** attributes) noexcept {
  xmlParserCtxtPtr ctxt = context_of(ctx);
  if (ctxt->nodeNr >= guard_of(ctxt).max_depth) {
    guard_of(ctxt).refusal = Refusal::TooDeep;
    guard_of(ctxt).line = xmlSAX2GetLineNumber(ctx);
    xmlStopParser(ctxt);
    return;
  }
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                        attributes);
}

void swallow_error(void* /*user_data*/, xmlErrorPtr /*error*/) noexcept {
  // Recorded in ctxt->lastError; printing to stderr would leak into user output.
}

std::string first_line(const char* message) {
  std::string text = message != nullptr ? message : "malformed XML";
  if (auto newline = text.find('\n'); newline != std::string::npos) {
    text.erase(newline);
  }
  return text;
}

struct ParserCtxtDeleter {
  void operator()(xmlParserCtxtPtr ctxt) const { xmlFreeParserCtxt(ctxt); }
};

} // namespace

Result<XmlDocPtr> parse_untrusted_xml(std::string_view text, const std::string& origin, size_t max_bytes,
                                      int max_depth) {
  TRY(ensure_xml_security());
  if (text.size() > max_bytes || text.size() > static_cast<size_t>(INT_MAX)) {
    return input_error("xml.too-large", origin + ": XML of " + std::to_string(text.size()) +
                                            " bytes exceeds the limit of " + std::to_string(max_bytes) + " bytes");
  }
  std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter> ctxt(
      xmlCreateMemoryParserCtxt(text.data(), static_cast<int>(text.size())));
  if (!ctxt) {
    return internal_error("xml.parser", "libxml2 could not allocate a parser context");
  }
  ParseGuard guard;
  guard.max_depth = max_depth;
  // Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_HUGE.
  xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ctxt->_private = &guard;
  ctxt->sax->internalSubset = refuse_doctype;
  ctxt->sax->startElementNs = start_element_with_depth_cap;
  ctxt->sax->serror = swallow_error;
  ctxt->sax->warning = nullptr;
  ctxt->sax->error = nullptr;
  xmlParseDocument(ctxt.get());
  XmlDocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  SourceLocation where{origin, guard.line, 0};
  if (guard.refusal == Refusal::Doctype) {
    return input_error("xml.doctype", "a DOCTYPE is not allowed (DTDs and entities are refused)", where);
  }
  if (guard.refusal == Refusal::TooDeep) {
    return input_error("xml.too-deep", "element nesting exceeds " + std::to_string(max_depth) + " levels", where);
  }
  if (!doc || !ctxt->wellFormed) {
    const xmlError& error = ctxt->lastError;
    return input_error("xml.malformed", first_line(error.message), SourceLocation{origin, error.line, error.int2});
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return input_error("xml.doctype", "a DOCTYPE is not allowed (DTDs and entities are refused)",
                       SourceLocation{origin, 1, 0});
  }
  if (xmlDocGetRootElement(doc.get()) == nullptr) {
    return input_error("xml.empty", "the document has no root element", SourceLocation{origin, 1, 1});
  }
  return doc;
}

} // namespace klarmeld::crypto::xml
