#!/usr/bin/python3
"""The STS-token + OIOIDWS call sequence as a vendor would script it (benchmark 4, docs/performance.md).

Written for klarmeld's benchmark; it is our own code, not a vendor's. It uses what a Python shop
reaches for: zeep's HTTP transport (a requests session with the system certificate: mutual TLS),
lxml to build and read the envelopes, and python-xmlsec to sign.

For every SOAP criterion of the catalog, sequentially, with a NEW token per service (no cache):
  1. build the WS-Trust 1.3 RST (KOMBIT brief §2.1), sign it with xmlsec (template signature over
     Action, MessageID, To, ReplyTo, Timestamp, Body and the BinarySecurityToken; KeyInfo -> #bst),
     POST it to the STS, read the saml:Assertion out of the RSTR;
  2. (soap.call criteria) build the OIOIDWS request (§3.1) with the assertion in wsse:Security and
     sign it with the holder-of-key: references Body, Action, MessageID, ReplyTo, To, Framework,
     Timestamp and the assertion through the STR-Transform, KeyInfo = STR KeyIdentifier SAMLID.
     libxmlsec1 has no STR-Transform, so xmlsec cannot build that reference: the digests are
     computed here (lxml exclusive C14N + SHA-256; for the STR reference the dereferenced assertion,
     as WSS 1.1 §8.3 defines it) and xmlsec only makes the RSA-SHA256 SignatureValue over the
     exclusive-C14N SignedInfo (SignatureContext.sign_binary). POST it, read StandardRetur/StatusKode.

Usage: zeep_client.py --config FILE   (JSON written by bench_engine: STS URL, CVR, PEM paths, calls)
The key file is a 0600 PEM in bench_engine's private temporary directory; nothing secret is printed.
"""

import argparse
import base64
import datetime
import hashlib
import json
import sys
import time
import uuid

import requests
import xmlsec
from lxml import etree
from zeep.transports import Transport

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WSA_ANONYMOUS = WSA + "/anonymous"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSSE11 = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd"
WST = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy"
AUTH = "http://docs.oasis-open.org/wsfed/authorization/200706"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SBF = "urn:liberty:sb:2006-08"
DS = "http://www.w3.org/2000/09/xmldsig#"
KOMBIT_REQUEST_HEADER = "http://kombit.dk/xml/schemas/RequestHeader/1/"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64_BINARY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
STR_TRANSFORM = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform"
SAML_ID = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID"
SAML2_TOKEN = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
CONTENT_TYPE = "application/soap+xml; charset=utf-8"


def timestamp_xml(lifetime_seconds=300):
    # §2.1: UTC with millisecond precision.
    now = datetime.datetime.now(datetime.timezone.utc)
    fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    expires = now + datetime.timedelta(seconds=lifetime_seconds)
    return ('<wsu:Timestamp wsu:Id="ts"><wsu:Created>%s</wsu:Created><wsu:Expires>%s</wsu:Expires>'
            '</wsu:Timestamp>' % (fmt(now), fmt(expires)))


def certificate_base64(pem_path):
    with open(pem_path, "rb") as handle:
        pem = handle.read().decode()
    body = pem.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return "".join(body.split())


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def build_rst(sts_url, entity_id, cvr, certificate):
    bst = ('<wsse:BinarySecurityToken%%s ValueType="%s" EncodingType="%s">%s</wsse:BinarySecurityToken>'
           % (X509V3, BASE64_BINARY, certificate))
    xml = (
        '<s:Envelope xmlns:s="%s" xmlns:wsa="%s" xmlns:wsu="%s" xmlns:wsse="%s"><s:Header>'
        '<wsa:Action s:mustUnderstand="1" wsu:Id="action">%s/RST/Issue</wsa:Action>'
        '<wsa:MessageID wsu:Id="msgid">urn:uuid:%s</wsa:MessageID>'
        '<wsa:ReplyTo wsu:Id="replyto"><wsa:Address>%s</wsa:Address></wsa:ReplyTo>'
        '<wsa:To s:mustUnderstand="1" wsu:Id="to">%s</wsa:To>'
        '<wsse:Security s:mustUnderstand="1">%s%s</wsse:Security></s:Header>'
        '<s:Body wsu:Id="body"><wst:RequestSecurityToken xmlns:wst="%s">'
        '<wst:TokenType>%s</wst:TokenType><wst:RequestType>%s/Issue</wst:RequestType>'
        '<wsp:AppliesTo xmlns:wsp="%s"><wsa:EndpointReference><wsa:Address>%s</wsa:Address>'
        '</wsa:EndpointReference></wsp:AppliesTo>'
        '<wst:Claims Dialect="%s/authclaims" xmlns:auth="%s"><auth:ClaimType '
        'Uri="dk:gov:saml:attribute:CvrNumberIdentifier" Optional="false"><auth:Value>%s</auth:Value>'
        '</auth:ClaimType></wst:Claims><wst:KeyType>%s/PublicKey</wst:KeyType>'
        '<wst:UseKey>%s</wst:UseKey></wst:RequestSecurityToken></s:Body></s:Envelope>'
        % (SOAP12, WSA, WSU, WSSE, WST, uuid.uuid4(), WSA_ANONYMOUS, escape(sts_url), timestamp_xml(),
           bst % ' wsu:Id="bst"', WST, SAML2_TOKEN, WST, WSP, escape(entity_id), AUTH, AUTH, escape(cvr), WST,
           bst % ""))
    return etree.fromstring(xml.encode())


def sign_rst(envelope, key):
    """A plain xmlsec template signature: every reference is an ordinary same-document #id."""
    security = envelope.find("{%s}Header/{%s}Security" % (SOAP12, WSSE))
    signature = xmlsec.template.create(envelope, xmlsec.constants.TransformExclC14N,
                                       xmlsec.constants.TransformRsaSha256, ns="ds")
    security.append(signature)
    for ref_id in ("action", "msgid", "to", "replyto", "ts", "body", "bst"):
        reference = xmlsec.template.add_reference(signature, xmlsec.constants.TransformSha256, uri="#" + ref_id)
        xmlsec.template.add_transform(reference, xmlsec.constants.TransformExclC14N)
    key_info = xmlsec.template.ensure_key_info(signature)
    str_element = etree.SubElement(key_info, "{%s}SecurityTokenReference" % WSSE)
    etree.SubElement(str_element, "{%s}Reference" % WSSE, URI="#bst", ValueType=X509V3)
    context = xmlsec.SignatureContext()
    for node in envelope.iter():
        if node.get("{%s}Id" % WSU) is not None:
            context.register_id(node, "Id", WSU)
    context.key = key
    context.sign(signature)


def exc_c14n(element):
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


def build_oioidws(call, assertion):
    xml = (
        '<s:Envelope xmlns:s="%s" xmlns:wsa="%s" xmlns:wsu="%s" xmlns:wsse="%s" xmlns:wsse11="%s"><s:Header>'
        '<sbf:Framework xmlns:sbf="%s" version="2.0" profile="urn:liberty:sb:profile:basic" wsu:Id="framework"/>'
        '<wsa:Action s:mustUnderstand="true" wsu:Id="action">%s</wsa:Action>'
        '<wsa:MessageID wsu:Id="msgid">urn:uuid:%s</wsa:MessageID>'
        '<wsa:ReplyTo wsu:Id="replyto"><wsa:Address>%s</wsa:Address></wsa:ReplyTo>'
        '<wsa:To s:mustUnderstand="true" wsu:Id="to">%s</wsa:To>'
        '<RequestHeader xmlns="%s"><TransactionUUID>%s</TransactionUUID></RequestHeader>'
        '<wsse:Security s:mustUnderstand="true">%s<placeholder/>'
        '<wsse:SecurityTokenReference wsu:Id="str" wsse11:TokenType="%s"><wsse:KeyIdentifier ValueType="%s">%s'
        '</wsse:KeyIdentifier></wsse:SecurityTokenReference></wsse:Security></s:Header>'
        '<s:Body wsu:Id="body">%s</s:Body></s:Envelope>'
        % (SOAP12, WSA, WSU, WSSE, WSSE11, SBF, escape(call["action"]), uuid.uuid4(), WSA_ANONYMOUS,
           escape(call["url"]), KOMBIT_REQUEST_HEADER, uuid.uuid4(), timestamp_xml(), SAML2_TOKEN, SAML_ID,
           escape(assertion.get("ID")), call["body"]))
    envelope = etree.fromstring(xml.encode())
    placeholder = envelope.find(".//placeholder")
    placeholder.getparent().replace(placeholder, assertion)
    return envelope


def sign_oioidws(envelope, assertion, key):
    """Hand-made XML-DSig: xmlsec lacks the STR-Transform, so digests are computed here."""
    by_id = {node.get("{%s}Id" % WSU): node for node in envelope.iter() if node.get("{%s}Id" % WSU)}
    security = envelope.find("{%s}Header/{%s}Security" % (SOAP12, WSSE))
    references = []
    for ref_id in ("body", "action", "msgid", "replyto", "to", "framework", "ts"):
        digest = base64.b64encode(hashlib.sha256(exc_c14n(by_id[ref_id])).digest()).decode()
        references.append('<ds:Reference URI="#%s"><ds:Transforms><ds:Transform Algorithm="%s"/></ds:Transforms>'
                          '<ds:DigestMethod Algorithm="%s"/><ds:DigestValue>%s</ds:DigestValue></ds:Reference>'
                          % (ref_id, EXC_C14N, SHA256, digest))
    # STR-Transform (WSS 1.1 §8.3): the digest covers the token the STR names, exclusive-canonicalised.
    str_digest = base64.b64encode(hashlib.sha256(exc_c14n(assertion)).digest()).decode()
    references.append(
        '<ds:Reference URI="#str"><ds:Transforms><ds:Transform Algorithm="%s"><wsse:TransformationParameters>'
        '<ds:CanonicalizationMethod Algorithm="%s"/></wsse:TransformationParameters></ds:Transform>'
        '</ds:Transforms><ds:DigestMethod Algorithm="%s"/><ds:DigestValue>%s</ds:DigestValue></ds:Reference>'
        % (STR_TRANSFORM, EXC_C14N, SHA256, str_digest))
    signature_xml = (
        '<ds:Signature xmlns:ds="%s" xmlns:wsse="%s" xmlns:wsse11="%s"><ds:SignedInfo>'
        '<ds:CanonicalizationMethod Algorithm="%s"/><ds:SignatureMethod Algorithm="%s"/>%s</ds:SignedInfo>'
        '<ds:SignatureValue/><ds:KeyInfo><wsse:SecurityTokenReference wsse11:TokenType="%s">'
        '<wsse:KeyIdentifier ValueType="%s">%s</wsse:KeyIdentifier></wsse:SecurityTokenReference></ds:KeyInfo>'
        '</ds:Signature>'
        % (DS, WSSE, WSSE11, EXC_C14N, RSA_SHA256, "".join(references), SAML2_TOKEN, SAML_ID,
           escape(assertion.get("ID"))))
    signature = etree.fromstring(signature_xml.encode())
    security.append(signature)
    signed_info = signature.find("{%s}SignedInfo" % DS)
    context = xmlsec.SignatureContext()
    context.key = key
    value = context.sign_binary(exc_c14n(signed_info), xmlsec.constants.TransformRsaSha256)
    signature.find("{%s}SignatureValue" % DS).text = base64.b64encode(value).decode()


def post(transport, url, envelope, action):
    body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
    headers = {"Content-Type": '%s; action="%s"' % (CONTENT_TYPE, action)}
    return transport.post(url, body, headers)


def fetch_token(transport, config, entity_id, key, certificate):
    rst = build_rst(config["sts_url"], entity_id, config["cvr"], certificate)
    sign_rst(rst, key)
    response = post(transport, config["sts_url"], rst, WST + "/RST/Issue")
    answer = etree.fromstring(response.content)
    assertion = answer.find(".//{%s}RequestedSecurityToken/{%s}Assertion" % (WST, SAML))
    if assertion is None:
        reason = answer.findtext(".//{%s}Text" % SOAP12) or ("HTTP %d" % response.status_code)
        raise RuntimeError("no token for %s: %s" % (entity_id, reason))
    return assertion


def call_service(transport, call, assertion, key):
    envelope = build_oioidws(call, assertion)
    sign_oioidws(envelope, assertion, key)
    response = post(transport, call["url"], envelope, call["action"])
    answer = etree.fromstring(response.content)
    status = answer.findtext(".//{*}StandardRetur/{*}StatusKode")
    if status is None:
        reason = answer.findtext(".//{%s}Text" % SOAP12) or ("HTTP %d" % response.status_code)
        return "refused: " + reason
    return "StatusKode " + status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    arguments = parser.parse_args()
    started = time.perf_counter()
    with open(arguments.config) as handle:
        config = json.load(handle)
    key = xmlsec.Key.from_file(config["key"], xmlsec.constants.KeyDataFormatPem)
    certificate = certificate_base64(config["certificate"])
    session = requests.Session()
    session.cert = (config["certificate"], config["key"])
    session.verify = config["ca_bundle"]
    # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override session.verify: trust only the test CA.
    session.trust_env = False
    transport = Transport(session=session)
    passed = 0
    for call in config["calls"]:
        step = time.perf_counter()
        try:
            assertion = fetch_token(transport, config, call["entity_id"], key, certificate)
            outcome = "token" if call["kind"] == "token" else call_service(transport, call, assertion, key)
        except Exception as failure:  # a benchmark line, not a crash: report and go on
            outcome = "error: %s" % failure
        ok = outcome == "token" or outcome == "StatusKode " + call.get("expect_status", "20")
        passed += 1 if ok else 0
        print("    %-10s %-6s %7.1f ms  %s" % (call["criterion"], call["kind"], (time.perf_counter() - step) * 1000,
                                               outcome))
    print("    script: %d/%d as expected, %.1f ms in the script (after interpreter start)"
          % (passed, len(config["calls"]), (time.perf_counter() - started) * 1000))
    return 0 if passed == len(config["calls"]) else 1


if __name__ == "__main__":
    sys.exit(main())
