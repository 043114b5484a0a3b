#include "crypto/xml/str_transform.hpp"

#include <string>

#include <xmlsec/errors.h>
#include <xmlsec/nodeset.h>

#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::crypto::xml {
namespace {

void report(const char* message) {
  xmlSecError(XMLSEC_ERRORS_HERE, "STR-Transform", nullptr, XMLSEC_ERRORS_R_INVALID_DATA, "%s", message);
}

// <wsse:TransformationParameters><ds:CanonicalizationMethod Algorithm="…exc-c14n#"/></…>
int read_transformation_parameters(xmlSecTransformPtr /*transform*/, xmlNodePtr node,
                                   xmlSecTransformCtxPtr /*ctx*/) noexcept {
  try {
    xmlNode* parameters = first_child_element(node, ns::wsse, "TransformationParameters");
    if (parameters == nullptr) {
      report("missing wsse:TransformationParameters");
      return -1;
    }
    xmlNode* method = first_child_element(parameters, ns::ds, "CanonicalizationMethod");
    if (method == nullptr || attribute(method, "Algorithm") != ns::exc_c14n) {
      report("TransformationParameters must name exclusive C14N");
      return -1;
    }
    return 0;
  } catch (...) {
    return -1;
  }
}

// xmlsec hands the "#id" selection over as a circular list of node sets (the document intersected
// with the XPointer result); the STR is the element in the list's explicit node set.
xmlNode* first_element_in(xmlSecNodeSetPtr nodes) {
  xmlSecNodeSetPtr current = nodes;
  int guard = 0;
  while (current != nullptr && guard++ < 64) {
    if (current->nodes != nullptr) {
      for (int i = 0; i < current->nodes->nodeNr; ++i) {
        xmlNode* node = current->nodes->nodeTab[i];
        if (node != nullptr && node->type == XML_ELEMENT_NODE) {
          return node;
        }
      }
    }
    current = current->next;
    if (current == nodes) {
      break;
    }
  }
  return nullptr;
}

// Dereference, then let xmlsec's exclusive C14N (pushing into our successor, the digest) do the rest.
int push_dereferenced_token(xmlSecTransformPtr transform, xmlSecNodeSetPtr nodes, xmlSecTransformCtxPtr ctx) noexcept {
  try {
    if (transform->status != xmlSecTransformStatusNone) {
      return 0;
    }
    transform->status = xmlSecTransformStatusWorking;
    xmlNode* str = first_element_in(nodes);
    if (str == nullptr || !is_element(str, ns::wsse, "SecurityTokenReference")) {
      report("input is not a wsse:SecurityTokenReference");
      return -1;
    }
    xmlNode* token = dereference_security_token_reference(str);
    if (token == nullptr) {
      report("the SecurityTokenReference does not resolve to a saml:Assertion in this document");
      return -1;
    }
    xmlSecNodeSetPtr token_nodes = xmlSecNodeSetGetChildren(token->doc, token, 0, 0);
    if (token_nodes == nullptr) {
      return -1;
    }
    xmlSecTransformPtr c14n = xmlSecTransformCreate(xmlSecTransformExclC14NId);
    if (c14n == nullptr) {
      xmlSecNodeSetDestroy(token_nodes);
      return -1;
    }
    c14n->next = transform->next;
    int result = xmlSecTransformPushXml(c14n, token_nodes, ctx);
    c14n->next = nullptr;
    xmlSecTransformDestroy(c14n);
    xmlSecNodeSetDestroy(token_nodes);
    transform->status = xmlSecTransformStatusFinished;
    return result;
  } catch (...) {
    return -1;
  }
}

// Pull mode is never used for reference digests (xmlsec pushes same-document node sets); refusing it
// keeps the transform honest rather than half-implemented.
int pop_unsupported(xmlSecTransformPtr /*transform*/, xmlSecByte* /*data*/, xmlSecSize /*max*/, xmlSecSize* /*size*/,
                    xmlSecTransformCtxPtr /*ctx*/) noexcept {
  report("pull mode is not supported");
  return -1;
}

struct _xmlSecTransformKlass make_klass() {
  struct _xmlSecTransformKlass klass {};
  klass.klassSize = sizeof(struct _xmlSecTransformKlass);
  klass.objSize = sizeof(xmlSecTransform);
  klass.name = as_xml("str-transform");
  klass.href = as_xml(ns::str_transform);
  klass.usage = xmlSecTransformUsageDSigTransform;
  klass.readNode = read_transformation_parameters;
  klass.getDataType = xmlSecTransformDefaultGetDataType;
  klass.popBin = pop_unsupported;
  klass.pushXml = push_dereferenced_token;
  return klass;
}

const struct _xmlSecTransformKlass g_str_transform_klass = make_klass();

} // namespace

xmlSecTransformId str_transform_id() {
  return &g_str_transform_klass;
}

Status register_str_transform() {
  if (xmlSecTransformIdsRegister(str_transform_id()) < 0) {
    return internal_error("xmlsec.str-transform", "could not register the STR-Transform with xmlsec");
  }
  return Ok{};
}

xmlNode* dereference_security_token_reference(xmlNode* str) {
  if (str == nullptr || str->doc == nullptr) {
    return nullptr;
  }
  std::string id;
  if (xmlNode* key_identifier = first_child_element(str, ns::wsse, "KeyIdentifier")) {
    if (attribute(key_identifier, "ValueType") != ns::saml_id_value_type) {
      return nullptr;
    }
    id = trimmed_text(key_identifier);
  } else if (xmlNode* reference = first_child_element(str, ns::wsse, "Reference")) {
    std::string uri = attribute(reference, "URI");
    if (uri.size() < 2 || uri[0] != '#') {
      return nullptr;
    }
    id = uri.substr(1);
  }
  xmlNode* token = element_by_id(str->doc, id);
  if (token == nullptr || !is_element(token, ns::saml, "Assertion")) {
    return nullptr;
  }
  return token;
}

} // namespace klarmeld::crypto::xml
