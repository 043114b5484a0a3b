// Names and URIs of ECMA-376 Part 2 (OPC) digital signatures, XML-DSig and XAdES, in one place.
#pragma once

#include "crypto/xml/namespaces.hpp"

namespace klarmeld::sign::names {

// ECMA-376-2 §9 (relationship types) and §13.2 (digital signature parts).
inline constexpr const char* signature_origin_relationship =
    "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin";
inline constexpr const char* signature_relationship =
    "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/signature";
inline constexpr const char* origin_content_type = "application/vnd.openxmlformats-package.digital-signature-origin";
inline constexpr const char* signature_content_type =
    "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml";
inline constexpr const char* relationships_content_type = "application/vnd.openxmlformats-package.relationships+xml";
inline constexpr const char* relationships_namespace = "http://schemas.openxmlformats.org/package/2006/relationships";
inline constexpr const char* content_types_namespace = "http://schemas.openxmlformats.org/package/2006/content-types";
inline constexpr const char* digital_signature_namespace =
    "http://schemas.openxmlformats.org/package/2006/digital-signature"; // mdssi
inline constexpr const char* relationship_transform =
    "http://schemas.openxmlformats.org/package/2006/RelationshipTransform";

// Where office suites put the signature parts (the names are conventional, found via relationships).
inline constexpr const char* signatures_folder = "_xmlsignatures/";
inline constexpr const char* origin_part = "_xmlsignatures/origin.sigs";
inline constexpr const char* origin_relationships_part = "_xmlsignatures/_rels/origin.sigs.rels";
inline constexpr const char* content_types_part = "[Content_Types].xml";
inline constexpr const char* root_relationships_part = "_rels/.rels";

// XML-DSig 1.0 / 1.1 and algorithm URIs (those crypto/xml/ also signs with are spelled there).
inline constexpr const char* dsig_namespace = crypto::xml::ns::ds;
inline constexpr const char* dsig_object_type = "http://www.w3.org/2000/09/xmldsig#Object";
inline constexpr const char* c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
inline constexpr const char* rsa_sha256 = crypto::xml::ns::rsa_sha256;
inline constexpr const char* sha256 = crypto::xml::ns::sha256;
inline constexpr const char* sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
inline constexpr const char* sha512 = "http://www.w3.org/2001/04/xmlenc#sha512";

// XAdES 1.3.2 (ETSI TS 101 903) as office suites write it.
inline constexpr const char* xades_namespace = "http://uri.etsi.org/01903/v1.3.2#";
inline constexpr const char* xades_signed_properties_type = "http://uri.etsi.org/01903#SignedProperties";

// [MS-OFFCRYPTO] SignatureInfoV1.
inline constexpr const char* office_digsig_namespace = "http://schemas.microsoft.com/office/2006/digsig";

// Ids office suites use inside a signature part; each signature is its own part, so they repeat safely.
inline constexpr const char* signature_id = "idPackageSignature";
inline constexpr const char* package_object_id = "idPackageObject";
inline constexpr const char* office_object_id = "idOfficeObject";
inline constexpr const char* signed_properties_id = "idSignedProperties";

} // namespace klarmeld::sign::names
