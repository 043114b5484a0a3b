#include "crypto/xml/xml_encryption.hpp"

#include <array>

#include <xmlsec/crypto.h>
#include <xmlsec/list.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmlenc.h>
#include <xmlsec/xmltree.h>

#include "crypto/random.hpp"
#include "crypto/xml/namespaces.hpp"
#include "crypto/xml/safe_parse.hpp"
#include "crypto/xml/xml_handles.hpp"
#include "crypto/xml/xml_keys.hpp"
#include "crypto/xml/xml_security.hpp"
#include "crypto/xml/xml_tree.hpp"

namespace klarmeld::crypto::xml {
namespace {

using EncCtxPtr = std::unique_ptr<xmlSecEncCtx, Deleter<xmlSecEncCtxDestroy>>;

struct DataAlgorithm {
  DataEncryption algorithm;
  const char* uri;
  size_t key_bytes;
};

// xmlenc-core1 §5.2.2 (AES-CBC) and §5.2.4 (AES-GCM).
constexpr std::array<DataAlgorithm, 4> data_algorithms{{
    {DataEncryption::Aes128Cbc, "http://www.w3.org/2001/04/xmlenc#aes128-cbc", 16},
    {DataEncryption::Aes256Cbc, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", 32},
    {DataEncryption::Aes128Gcm, "http://www.w3.org/2009/xmlenc11#aes128-gcm", 16},
    {DataEncryption::Aes256Gcm, "http://www.w3.org/2009/xmlenc11#aes256-gcm", 32},
}};

const DataAlgorithm& data_algorithm(DataEncryption algorithm) {
  for (const DataAlgorithm& known : data_algorithms) {
    if (known.algorithm == algorithm) {
      return known;
    }
  }
  return data_algorithms.back();
}

xmlSecTransformId transform_of(DataEncryption algorithm) {
  switch (algorithm) {
  case DataEncryption::Aes128Cbc:
    return xmlSecTransformAes128CbcId;
  case DataEncryption::Aes256Cbc:
    return xmlSecTransformAes256CbcId;
  case DataEncryption::Aes128Gcm:
    return xmlSecTransformAes128GcmId;
  case DataEncryption::Aes256Gcm:
    return xmlSecTransformAes256GcmId;
  }
  return xmlSecTransformAes256GcmId;
}

Error encryption_error(const std::string& what) {
  return internal_error("xmlenc.encrypt", "could not " + what + ": " + take_xmlsec_errors());
}

Result<XmlSecKeyPtr> session_key(const std::string& bytes) {
  XmlSecKeyPtr key(xmlSecKeyReadMemory(xmlSecKeyDataAesId, reinterpret_cast<const xmlSecByte*>(bytes.data()),
                                       static_cast<xmlSecSize>(bytes.size())));
  if (!key) {
    return internal_error("xmlenc.key", "xmlsec refused the AES session key: " + take_xmlsec_errors());
  }
  return key;
}

// A context that uses exactly `key` (no keys manager: KeyInfo never chooses the key) and runs only
// `allowed` as its encryption method, so a message cannot pick a weaker algorithm for us.
Result<EncCtxPtr> context_with(XmlSecKeyPtr key, std::initializer_list<xmlSecTransformId> allowed) {
  EncCtxPtr ctx(xmlSecEncCtxCreate(nullptr));
  if (!ctx) {
    return internal_error("xmlenc.context", "could not create an encryption context");
  }
  for (xmlSecTransformId id : allowed) {
    if (xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(id))) < 0) {
      return internal_error("xmlenc.context", "could not restrict the encryption algorithms");
    }
  }
  ctx->encKey = key.release(); // the context owns and frees it
  return ctx;
}

std::string method_of(xmlNode* encrypted) {
  return attribute(first_child_element(encrypted, ns::xenc, "EncryptionMethod"), "Algorithm");
}

xmlNode* encrypted_key_for(xmlNode* encrypted_data) {
  xmlNode* inside =
      first_child_element(first_child_element(encrypted_data, ns::ds, "KeyInfo"), ns::xenc, "EncryptedKey");
  if (inside != nullptr) {
    return inside;
  }
  for (xmlNode* sibling = xmlNextElementSibling(encrypted_data); sibling != nullptr;
       sibling = xmlNextElementSibling(sibling)) {
    if (is_element(sibling, ns::xenc, "EncryptedKey")) {
      return sibling;
    }
  }
  return nullptr;
}

} // namespace

const char* uri_of(DataEncryption algorithm) {
  return data_algorithm(algorithm).uri;
}

std::optional<DataEncryption> data_encryption_from_uri(std::string_view uri) {
  for (const DataAlgorithm& known : data_algorithms) {
    if (uri == known.uri) {
      return known.algorithm;
    }
  }
  return std::nullopt;
}

Result<std::string> encrypt_element_text(std::string_view element_xml, X509* recipient, DataEncryption algorithm) {
  TRY(ensure_xml_security());
  TRY_ASSIGN(XmlDocPtr doc, parse_untrusted_xml(element_xml, "element to encrypt"));
  xmlNode* element = xmlDocGetRootElement(doc.get());
  // The element first, with the session key alone: the EncryptedKey is added afterwards, so xmlsec
  // never has to find a key for it through a keys manager.
  xmlNode* encrypted_data =
      xmlSecTmplEncDataCreate(doc.get(), transform_of(algorithm), nullptr, xmlSecTypeEncElement, nullptr, nullptr);
  if (encrypted_data == nullptr) {
    return encryption_error("build xenc:EncryptedData");
  }
  XmlNodePtr unlinked(encrypted_data);
  if (xmlSecTmplEncDataEnsureCipherValue(encrypted_data) == nullptr) {
    return encryption_error("build xenc:CipherValue");
  }
  xmlNode* key_info = xmlSecTmplEncDataEnsureKeyInfo(encrypted_data, nullptr);
  if (key_info == nullptr) {
    return encryption_error("build ds:KeyInfo");
  }
  const std::string key_bytes = random_bytes(data_algorithm(algorithm).key_bytes);
  TRY_ASSIGN(XmlSecKeyPtr aes, session_key(key_bytes));
  TRY_ASSIGN(EncCtxPtr data_ctx, context_with(std::move(aes), {}));
  take_xmlsec_errors();
  if (xmlSecEncCtxXmlEncrypt(data_ctx.get(), encrypted_data, element) < 0) {
    return encryption_error("encrypt the element");
  }
  unlinked.release(); // now in the document, where the element was
  xmlNode* encrypted_key =
      xmlSecTmplKeyInfoAddEncryptedKey(key_info, xmlSecTransformRsaOaepId, nullptr, nullptr, nullptr);
  if (encrypted_key == nullptr || xmlSecTmplEncDataEnsureCipherValue(encrypted_key) == nullptr) {
    return encryption_error("build xenc:EncryptedKey");
  }
  // The recipient's certificate in the EncryptedKey's KeyInfo tells an SP with several keys which one.
  xmlNode* recipient_info = xmlSecTmplEncDataEnsureKeyInfo(encrypted_key, nullptr);
  if (recipient_info == nullptr || xmlSecTmplKeyInfoAddX509Data(recipient_info) == nullptr) {
    return encryption_error("build the EncryptedKey's ds:KeyInfo");
  }
  TRY_ASSIGN(XmlSecKeyPtr rsa, verification_key(recipient));
  TRY_ASSIGN(EncCtxPtr key_ctx, context_with(std::move(rsa), {}));
  key_ctx->mode = xmlEncCtxModeEncryptedKey;
  if (xmlSecEncCtxBinaryEncrypt(key_ctx.get(), encrypted_key, reinterpret_cast<const xmlSecByte*>(key_bytes.data()),
                                static_cast<xmlSecSize>(key_bytes.size())) < 0) {
    return encryption_error("encrypt the session key to the recipient");
  }
  return serialize_element(encrypted_data);
}

Result<xmlNode*> decrypt_element(xmlNode* encrypted_data, EVP_PKEY* key) {
  TRY(ensure_xml_security());
  if (!is_element(encrypted_data, ns::xenc, "EncryptedData")) {
    return input_error("xmlenc.malformed", "expected xenc:EncryptedData");
  }
  const std::string data_method = method_of(encrypted_data);
  const auto algorithm = data_encryption_from_uri(data_method);
  if (!algorithm) {
    return input_error("xmlenc.malformed", "unsupported data encryption \"" + data_method + "\"");
  }
  xmlNode* encrypted_key = encrypted_key_for(encrypted_data);
  if (encrypted_key == nullptr) {
    return input_error("xmlenc.malformed", "no xenc:EncryptedKey for the encrypted element");
  }
  if (method_of(encrypted_key) != ns::rsa_oaep_mgf1p) {
    return input_error("xmlenc.malformed", "unsupported key transport \"" + method_of(encrypted_key) +
                                               "\" (only RSA-OAEP, xmlenc-core1 §5.5.2)");
  }
  TRY_ASSIGN(XmlSecKeyPtr rsa, bare_key(key));
  TRY_ASSIGN(EncCtxPtr key_ctx, context_with(std::move(rsa), {xmlSecTransformRsaOaepId}));
  key_ctx->mode = xmlEncCtxModeEncryptedKey;
  take_xmlsec_errors();
  if (xmlSecEncCtxDecryptToBuffer(key_ctx.get(), encrypted_key) == nullptr || key_ctx->result == nullptr) {
    take_xmlsec_errors();
    return input_error("xmlenc.decrypt", "the EncryptedKey does not open with this key (encrypted to another key?)");
  }
  const std::string key_bytes(reinterpret_cast<const char*>(xmlSecBufferGetData(key_ctx->result)),
                              xmlSecBufferGetSize(key_ctx->result));
  if (key_bytes.size() != data_algorithm(*algorithm).key_bytes) {
    return input_error("xmlenc.decrypt", "the session key has the wrong length for " + data_method);
  }
  TRY_ASSIGN(XmlSecKeyPtr aes, session_key(key_bytes));
  TRY_ASSIGN(EncCtxPtr data_ctx, context_with(std::move(aes), {transform_of(*algorithm)}));
  xmlNode* parent = encrypted_data->parent;
  xmlNode* before = encrypted_data->prev;
  if (xmlSecEncCtxDecrypt(data_ctx.get(), encrypted_data) < 0 || !data_ctx->resultReplaced) {
    take_xmlsec_errors();
    return input_error("xmlenc.decrypt", "the encrypted element could not be decrypted (damaged cipher text)");
  }
  // xmlsec put the plain element where the EncryptedData was.
  xmlNode* plain = before != nullptr ? before->next : parent->children;
  while (plain != nullptr && plain->type != XML_ELEMENT_NODE) {
    plain = plain->next;
  }
  if (plain == nullptr) {
    return input_error("xmlenc.malformed", "the decrypted content is not an element");
  }
  return plain;
}

} // namespace klarmeld::crypto::xml
