#include "crypto/xml/xml_keys.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/x509.h>

#include "crypto/xml/xml_security.hpp"

namespace klarmeld::crypto::xml {
namespace {

Result<XmlSecKeyPtr> key_from_pkey(EVP_PKEY* pkey, X509* certificate) {
  TRY(ensure_xml_security());
  if (pkey == nullptr) {
    return internal_error("xmlsec.key", "no key to import");
  }
  // xmlsec adopts (frees) what it is given: hand it its own references.
  EVP_PKEY_up_ref(pkey);
  xmlSecKeyDataPtr value = xmlSecOpenSSLEvpKeyAdopt(pkey);
  if (value == nullptr) {
    EVP_PKEY_free(pkey);
    return internal_error("xmlsec.key", "xmlsec refused the key: " + take_xmlsec_errors());
  }
  XmlSecKeyPtr key(xmlSecKeyCreate());
  if (!key || xmlSecKeySetValue(key.get(), value) < 0) {
    xmlSecKeyDataDestroy(value);
    return internal_error("xmlsec.key", "could not create an xmlsec key: " + take_xmlsec_errors());
  }
  if (certificate != nullptr) {
    xmlSecKeyDataPtr x509 = xmlSecKeyEnsureData(key.get(), xmlSecOpenSSLKeyDataX509Id);
    // References, not copies: X509_dup re-encodes the certificate and is measurable per signature.
    X509* key_cert = X509_up_ref(certificate) == 1 ? certificate : nullptr;
    X509* listed_cert = X509_up_ref(certificate) == 1 ? certificate : nullptr;
    if (x509 == nullptr || key_cert == nullptr || listed_cert == nullptr ||
        xmlSecOpenSSLKeyDataX509AdoptKeyCert(x509, key_cert) < 0) {
      X509_free(key_cert);
      X509_free(listed_cert);
      return internal_error("xmlsec.key", "could not attach the certificate: " + take_xmlsec_errors());
    }
    // The key certificate is also listed, so ds:X509Data templates get an X509Certificate.
    if (xmlSecOpenSSLKeyDataX509AdoptCert(x509, listed_cert) < 0) {
      X509_free(listed_cert);
      return internal_error("xmlsec.key", "could not list the certificate: " + take_xmlsec_errors());
    }
  }
  return key;
}

// The same few certificates (the STS's, the system's, the test issuer's) arrive again and again in
// KeyInfo, BinarySecurityToken and UseKey elements; OpenSSL 3 decodes a certificate's public key
// through a decoder context that costs more than the rest of a small exchange. So keep the decoded
// certificates, keyed by their exact base64 text, and hand out new references. Bounded: a flood of
// distinct certificates empties the memo instead of growing it.
class DecodedCertificates {
public:
  X509Ptr find(const std::string& base64) {
    std::lock_guard lock(m_mutex);
    auto found = m_certificates.find(base64);
    if (found == m_certificates.end() || X509_up_ref(found->second.get()) != 1) {
      return nullptr;
    }
    return X509Ptr(found->second.get());
  }

  void remember(const std::string& base64, X509* certificate) {
    if (base64.size() > max_text || X509_up_ref(certificate) != 1) {
      return;
    }
    X509Ptr reference(certificate);
    std::lock_guard lock(m_mutex);
    if (m_certificates.size() >= max_entries) {
      m_certificates.clear();
    }
    m_certificates.emplace(base64, std::move(reference));
  }

private:
  static constexpr size_t max_entries = 64;
  static constexpr size_t max_text = 16 * 1024;
  std::mutex m_mutex;
  std::unordered_map<std::string, X509Ptr> m_certificates;
};

DecodedCertificates& decoded_certificates() {
  static DecodedCertificates memo;
  return memo;
}

Result<X509Ptr> decode_certificate(const std::string& compact, const std::string& origin) {
  if (compact.empty() || compact.size() % 4 != 0) {
    return input_error("xml.certificate", origin + ": certificate is not valid base64");
  }
  std::string der(compact.size() / 4 * 3, '\0');
  int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                      reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (length < 0) {
    return input_error("xml.certificate", origin + ": certificate is not valid base64");
  }
  // EVP_DecodeBlock counts '=' padding as zero bytes.
  size_t padding = 0;
  if (compact.size() >= 2 && compact[compact.size() - 1] == '=') {
    padding = compact[compact.size() - 2] == '=' ? 2 : 1;
  }
  der.resize(static_cast<size_t>(length) - padding);
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (!certificate) {
    return input_error("xml.certificate", origin + ": not a DER X.509 certificate");
  }
  return certificate;
}

} // namespace

Result<XmlSecKeyPtr> signing_key(const Identity& identity) {
  if (!identity.key || !identity.certificate) {
    return internal_error("xmlsec.key", "the signing identity has no key or no certificate");
  }
  return key_from_pkey(identity.key.get(), identity.certificate.get());
}

Result<XmlSecKeyPtr> verification_key(X509* certificate) {
  if (certificate == nullptr) {
    return internal_error("xmlsec.key", "no certificate to verify with");
  }
  EvpPkeyPtr pkey(X509_get_pubkey(certificate));
  if (!pkey) {
    return input_error("xmlsec.key", "the certificate's public key cannot be read");
  }
  return key_from_pkey(pkey.get(), certificate);
}

Result<XmlSecKeyPtr> bare_key(EVP_PKEY* key) {
  return key_from_pkey(key, nullptr);
}

Result<X509Ptr> certificate_from_base64(std::string_view base64, const std::string& origin) {
  std::string compact;
  compact.reserve(base64.size());
  for (char c : base64) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      compact += c;
    }
  }
  if (X509Ptr known = decoded_certificates().find(compact)) {
    return known;
  }
  TRY_ASSIGN(X509Ptr certificate, decode_certificate(compact, origin));
  decoded_certificates().remember(compact, certificate.get());
  return certificate;
}

bool same_certificate(X509* a, X509* b) {
  if (a == nullptr || b == nullptr) {
    return false;
  }
  return X509_cmp(a, b) == 0;
}

} // namespace klarmeld::crypto::xml
