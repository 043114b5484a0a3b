// XML Encryption (W3C xmlenc-core1) on xmlsec, for SAML's EncryptedAssertion (SAML 2.0 core §2.3.4,
// §6): an element encrypted with a fresh AES key (EncryptedData Type="…#Element"), that key encrypted
// to the recipient's RSA certificate (EncryptedKey in the EncryptedData's ds:KeyInfo, core §6.2).
// Both steps run with the key given, never with a key xmlsec looks up from KeyInfo, and decryption
// accepts only the algorithms listed here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "crypto/handles.hpp"
#include "util/result.hpp"

namespace klarmeld::crypto::xml {

// Block encryption of the element (xmlenc-core1 §5.2). GCM is what XML Encryption 1.1 now requires
// (§5.2.4) because CBC without integrity fell to a padding oracle (Jager and Somorovsky, "How to Break
// XML Encryption", CCS 2011); CBC stays for SPs whose metadata offers only that.
enum class DataEncryption { Aes128Cbc, Aes256Cbc, Aes128Gcm, Aes256Gcm };

// Key transport: RSA-OAEP with MGF1-SHA1 (xmlenc-core1 §5.5.2, required). RSA-PKCS#1 v1.5 (§5.5.1) is
// neither sent nor accepted (Bleichenbacher's attack; xmlenc-core1 §5.5.1 warns against it). The URI
// is ns::rsa_oaep_mgf1p.

// The algorithm URI, and back (std::nullopt for anything not listed).
const char* uri_of(DataEncryption algorithm);
std::optional<DataEncryption> data_encryption_from_uri(std::string_view uri);

// Encrypts a standalone element (its serialised text, namespaces declared on it) to `recipient`'s
// public key and returns the xenc:EncryptedData element text to embed.
Result<std::string> encrypt_element_text(std::string_view element_xml, X509* recipient, DataEncryption algorithm);

// Decrypts `encrypted_data` (an xenc:EncryptedData of an untrusted document) in place with `key` and
// returns the element that replaced it. The EncryptedKey is read from its ds:KeyInfo or, as SAML core
// §6.2 also allows, from a following sibling. Error codes: xmlenc.malformed (structure, algorithm),
// xmlenc.decrypt (the key does not open it: wrong key or damaged cipher text).
Result<xmlNode*> decrypt_element(xmlNode* encrypted_data, EVP_PKEY* key);

} // namespace klarmeld::crypto::xml
