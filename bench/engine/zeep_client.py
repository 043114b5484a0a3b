#!/usr/bin/python3
"""klarmeld's whole token-and-call catalog as a vendor would script it (benchmark 4, docs/performance.md).

Written for klarmeld's benchmark; it is our own code, not a vendor's. It uses what a Python shop
reaches for: zeep's HTTP transport (a requests session with the system certificate: mutual TLS),
lxml to build and read the messages, python-xmlsec to sign and verify, and python3-cryptography to
read the test issuer's PKCS#12.

One step per automated criterion of the plan that needs a token or a service call, in plan order,
sequentially, with a NEW token per criterion (no cache), exactly one request after the other:
  sts_soap        WS-Trust 1.3 RST (kombit-notes "Tokens"), signed with xmlsec (template signature over
                  Action, MessageID, To, ReplyTo, Timestamp, Body and the BinarySecurityToken), POSTed
                  to the STS; the assertion in the RSTR is checked as klarmeld checks it (STS
                  signature, Issuer, Audience, lifetime, CVR, holder-of-key certificate);
  sts_rest        the same token from the STS's JSON endpoint (§2.3, mutual TLS is the key);
  token_exchange  an STS token, then AccessTokenService (form saml-token=<base64 assertion>);
  soap_call       an STS token, then the OIOIDWS request (§3.1) signed with the holder-of-key; reads
                  StandardRetur/StatusKode;
  rest_kombi /    an STS token, AccessTokenService, then the SF1601 call with
  rest_post         "Authorization: Holder-of-key <token>" and x-TransaktionsId/-Tid;
  protected       SF1512: a SAML assertion minted locally by the test issuer (enveloped signature),
                  the OIOIDWS envelope around it, manipulated per case, POSTed to the vendor's WSP;
                  judged accepted (2xx, no SOAP fault) or rejected (SOAP fault / error status);
  metadata        GET the SP metadata and check what the Context Handler requires;
  slo             GET the SP metadata, POST a signed LogoutRequest (HTTP-POST binding), verify the
                  signed LogoutResponse.

The OIOIDWS signature: libxmlsec1 (and so python-xmlsec) has no STR-Transform, so xmlsec cannot
build the reference to the assertion. The digests are computed here (lxml exclusive C14N + SHA-256;
for the STR reference the dereferenced assertion, as WSS 1.1 §8.3 defines it) and xmlsec only makes
the RSA-SHA256 SignatureValue over the exclusive-C14N SignedInfo (SignatureContext.sign_binary).

Usage: zeep_client.py --config FILE   (JSON written by bench_engine). Key files are 0600 PEMs in
bench_engine's private temporary directory; the PKCS#12 password comes from the environment variable
the config names. Nothing secret is printed. Exit status 0 only if every step got the expected answer.
"""

import argparse
import base64
import datetime
import hashlib
import html
import json
import os
import re
import sys
import time
import uuid

import requests
import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
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
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
SBF = "urn:liberty:sb:2006-08"
DS = "http://www.w3.org/2000/09/xmldsig#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
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
CVR_ATTRIBUTE = "dk:gov:saml:attribute:CvrNumberIdentifier"
BASIC_NAME_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
HTTP_POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
CLOCK_SKEW = datetime.timedelta(minutes=5)


class Failed(Exception):
    """The answer is not the one a conforming service gives: the step fails, the run goes on."""


# ---------------------------------------------------------------------------------------------- helpers

def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def xml_time(moment):
    # §2.1: UTC with millisecond precision.
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def parse_xml_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def timestamp_xml(lifetime_seconds=300):
    now = utc_now()
    return ('<wsu:Timestamp wsu:Id="ts"><wsu:Created>%s</wsu:Created><wsu:Expires>%s</wsu:Expires>'
            '</wsu:Timestamp>' % (xml_time(now), xml_time(now + datetime.timedelta(seconds=lifetime_seconds))))


def pem_body(pem_bytes):
    body = pem_bytes.decode().split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return "".join(body.split())


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def exc_c14n(element):
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


def b64(data):
    return base64.b64encode(data).decode()


def signing_key(key_pem, certificate_pem=None):
    key = xmlsec.Key.from_memory(key_pem, xmlsec.constants.KeyDataFormatPem)
    if certificate_pem is not None:  # written into ds:X509Data by xmlsec
        key.load_cert_from_memory(certificate_pem, xmlsec.constants.KeyDataFormatCertPem)
    return key


def verify_enveloped(element, certificate_pem, what):
    """The element's own enveloped signature, by this certificate, covering exactly this element."""
    signature = element.find("{%s}Signature" % DS)
    if signature is None:
        raise Failed("the %s is not signed" % what)
    references = signature.findall("{%s}SignedInfo/{%s}Reference" % (DS, DS))
    if len(references) != 1 or references[0].get("URI") != "#" + element.get("ID", ""):
        raise Failed("the %s signature does not cover exactly the %s" % (what, what))
    context = xmlsec.SignatureContext()
    context.register_id(element, "ID")
    context.key = xmlsec.Key.from_memory(certificate_pem, xmlsec.constants.KeyDataFormatCertPem)
    try:
        context.verify(signature)
    except xmlsec.Error as failure:
        raise Failed("the %s signature does not verify: %s" % (what, failure))


class Vendor:
    """The integrator's set-up: one requests session through zeep's Transport, keys read once."""

    def __init__(self, config):
        self.config = config
        with open(config["certificate"], "rb") as handle:
            self.certificate_pem = handle.read()
        with open(config["key"], "rb") as handle:
            self.key_pem = handle.read()
        with open(config["sts_certificate"], "rb") as handle:
            self.sts_certificate_pem = handle.read()
        self.certificate_b64 = pem_body(self.certificate_pem)
        self.key = signing_key(self.key_pem)
        session = requests.Session()
        session.cert = (config["certificate"], config["key"])
        session.verify = config["ca_bundle"]
        # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override session.verify: trust only the test CA.
        session.trust_env = False
        self.transport = Transport(session=session)
        self.requests = 0
        self._test_issuer = None

    def post(self, url, body, headers):
        self.requests += 1
        return self.transport.post(url, body, headers)

    def get(self, url, headers=None):
        self.requests += 1
        return self.transport.get(url, None, headers or {})

    def test_issuer(self):
        """The SF1512 test issuer's key and certificate, read from its PKCS#12 once per script run."""
        if self._test_issuer is None:
            password = os.environ[self.config["password_env"]].encode()
            with open(self.config["test_issuer_p12"], "rb") as handle:
                key, certificate, _ = pkcs12.load_key_and_certificates(handle.read(), password)
            key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
            self._test_issuer = (key_pem, certificate.public_bytes(serialization.Encoding.PEM))
        return self._test_issuer


# ------------------------------------------------------------------------------------- STS (SOAP, REST)

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
        'Uri="%s" Optional="false"><auth:Value>%s</auth:Value>'
        '</auth:ClaimType></wst:Claims><wst:KeyType>%s/PublicKey</wst:KeyType>'
        '<wst:UseKey>%s</wst:UseKey></wst:RequestSecurityToken></s:Body></s:Envelope>'
        % (SOAP12, WSA, WSU, WSSE, WST, uuid.uuid4(), WSA_ANONYMOUS, escape(sts_url), timestamp_xml(),
           bst % ' wsu:Id="bst"', WST, SAML2_TOKEN, WST, WSP, escape(entity_id), AUTH, AUTH, CVR_ATTRIBUTE,
           escape(cvr), WST, bst % ""))
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


def check_token(vendor, assertion, entity_id):
    """What klarmeld checks on every token it receives (sts_client.cpp accept_assertion)."""
    verify_enveloped(assertion, vendor.sts_certificate_pem, "assertion")
    issuer = assertion.findtext("{%s}Issuer" % SAML)
    if issuer != vendor.config["sts_issuer"]:
        raise Failed("token Issuer %r is not the STS" % issuer)
    audience = assertion.findtext(".//{%s}Audience" % SAML)
    if audience != entity_id:
        raise Failed("token Audience %r is not %s" % (audience, entity_id))
    conditions = assertion.find("{%s}Conditions" % SAML)
    now = utc_now()
    if not (parse_xml_time(conditions.get("NotBefore")) - CLOCK_SKEW <= now
            < parse_xml_time(conditions.get("NotOnOrAfter")) + CLOCK_SKEW):
        raise Failed("token outside its lifetime")
    cvr = None
    for attribute in assertion.iter("{%s}Attribute" % SAML):
        if attribute.get("Name") == CVR_ATTRIBUTE:
            cvr = attribute.findtext("{%s}AttributeValue" % SAML)
    if cvr != vendor.config["cvr"]:
        raise Failed("token CVR %r is not %s" % (cvr, vendor.config["cvr"]))
    holder = assertion.findtext(".//{%s}SubjectConfirmationData//{%s}X509Certificate" % (SAML, DS))
    if holder is None or "".join(holder.split()) != vendor.certificate_b64:
        raise Failed("the token's holder-of-key is not our certificate")
    return assertion


def soap_reason(response):
    try:
        text = etree.fromstring(response.content).findtext(".//{%s}Text" % SOAP12)
    except etree.XMLSyntaxError:
        text = None
    return text or "HTTP %d" % response.status_code


def token_soap(vendor, entity_id):
    url = vendor.config["sts_url"]
    rst = build_rst(url, entity_id, vendor.config["cvr"], vendor.certificate_b64)
    sign_rst(rst, vendor.key)
    response = post_envelope(vendor, url, rst, WST + "/RST/Issue")
    assertion = etree.fromstring(response.content).find(".//{%s}RequestedSecurityToken/{%s}Assertion" % (WST, SAML))
    if assertion is None:
        raise Failed("no token for %s: %s" % (entity_id, soap_reason(response)))
    return check_token(vendor, assertion, entity_id)


def token_rest(vendor, entity_id):
    body = json.dumps({
        "TokenType": SAML2_TOKEN, "RequestType": WST + "/Issue", "KeyType": WST + "/PublicKey",
        "AnvenderKontekst": {"Cvr": vendor.config["cvr"]}, "UseKey": vendor.certificate_b64,
        "AppliesTo": {"EndpointReference": {"Address": entity_id}}, "OnBehalfOf": None})
    response = vendor.post(vendor.config["sts_rest_url"], body.encode(), {"Content-Type": "application/json"})
    if response.status_code != 200:
        raise Failed("STS REST answered HTTP %d" % response.status_code)
    encoded = response.json().get("RequestedSecurityToken", {}).get("Assertion")
    if not encoded:
        raise Failed("STS REST answer has no RequestedSecurityToken.Assertion")
    return check_token(vendor, etree.fromstring(base64.b64decode(encoded)), entity_id)


def access_token(vendor, assertion):
    form = {"saml-token": b64(etree.tostring(assertion))}
    response = vendor.post(vendor.config["token_exchange_url"], form,
                           {"Content-Type": "application/x-www-form-urlencoded"})
    token = response.json().get("access_token") if response.status_code == 200 else None
    if not token:
        raise Failed("AccessTokenService answered HTTP %d without an access_token" % response.status_code)
    return token


# ---------------------------------------------------------------------------------------------- OIOIDWS

def build_oioidws(url, action, body, assertion, with_timestamp=True):
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
        % (SOAP12, WSA, WSU, WSSE, WSSE11, SBF, escape(action), uuid.uuid4(), WSA_ANONYMOUS, escape(url),
           KOMBIT_REQUEST_HEADER, uuid.uuid4(), timestamp_xml() if with_timestamp else "", SAML2_TOKEN, SAML_ID,
           escape(assertion.get("ID")), body))
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
        if ref_id not in by_id:  # no Timestamp: the SF1512 no_timestamp case
            continue
        digest = b64(hashlib.sha256(exc_c14n(by_id[ref_id])).digest())
        references.append('<ds:Reference URI="#%s"><ds:Transforms><ds:Transform Algorithm="%s"/></ds:Transforms>'
                          '<ds:DigestMethod Algorithm="%s"/><ds:DigestValue>%s</ds:DigestValue></ds:Reference>'
                          % (ref_id, EXC_C14N, SHA256, digest))
    # STR-Transform (WSS 1.1 §8.3): the digest covers the token the STR names, exclusive-canonicalised.
    str_digest = b64(hashlib.sha256(exc_c14n(assertion)).digest())
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
    signature.find("{%s}SignatureValue" % DS).text = b64(value)


def post_envelope(vendor, url, envelope, action):
    body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
    return vendor.post(url, body, {"Content-Type": '%s; action="%s"' % (CONTENT_TYPE, action)})


# ------------------------------------------------------------------------------------------ the steps

def step_sts(vendor, step):
    assertion = token_rest(vendor, step["entity_id"]) if step["kind"] == "sts_rest" \
        else token_soap(vendor, step["entity_id"])
    if step["kind"] != "token_exchange":
        return "token %s" % assertion.get("ID")
    access_token(vendor, assertion)
    return "access token"


def step_soap_call(vendor, step):
    assertion = token_soap(vendor, step["entity_id"])
    envelope = build_oioidws(step["url"], step["action"], step["body"], assertion)
    sign_oioidws(envelope, assertion, vendor.key)
    response = post_envelope(vendor, step["url"], envelope, step["action"])
    status = etree.fromstring(response.content).findtext(".//{*}StandardRetur/{*}StatusKode")
    if status is None:
        raise Failed("refused: " + soap_reason(response))
    if status != step["expect_status"]:
        raise Failed("StatusKode %s, expected %s" % (status, step["expect_status"]))
    return "StatusKode " + status


def serviceplatform_headers(token):
    now = utc_now()
    return {"Authorization": "Holder-of-key " + token, "x-TransaktionsId": str(uuid.uuid4()),
            "x-TransaktionsTid": now.strftime("%Y-%m-%dT%H:%M:%SZ")}


def step_rest(vendor, step):
    token = access_token(vendor, token_soap(vendor, step["entity_id"]))
    headers = serviceplatform_headers(token)
    if step["kind"] == "rest_kombi":
        headers["Content-Type"] = "application/xml"
        now = utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")
        body = step["body"].replace("@MESSAGE_UUID@", str(uuid.uuid4())).replace("@CREATED@", now)
        response = vendor.post(step["url"], body.encode(), headers)
        found = re.search(r"<TransmissionID>([^<]+)</TransmissionID>", response.text)
        if response.status_code != 200 or not found:
            raise Failed("KombiPostAfsend answered HTTP %d without a TransmissionID" % response.status_code)
        return "TransmissionID " + found.group(1)
    headers["Accept"] = "application/json"
    response = vendor.get(step["url"], headers)
    result = response.json().get("result") if response.status_code == 200 else None
    if not isinstance(result, bool):
        raise Failed("PostForespoerg answered HTTP %d without a boolean result" % response.status_code)
    return "result %s" % str(result).lower()


# SF1512 ---------------------------------------------------------------------------------------------

def self_signed(key_pem, common_name):
    """A key the case needs under a name the service cannot trust; no key is generated (as klarmeld)."""
    key = serialization.load_pem_private_key(key_pem, password=None)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = utc_now()
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM)


def mint_assertion(vendor, step, issuer_key, issuer_certificate_pem, issuer_name):
    test_case = step["case"]
    now = utc_now()
    issue_instant = now - datetime.timedelta(minutes=1)
    not_before, not_after = issue_instant, issue_instant + datetime.timedelta(hours=8)
    if test_case == "expired":
        issue_instant = not_before = now - datetime.timedelta(hours=9)
        not_after = now - datetime.timedelta(hours=1)
    elif test_case == "not_yet_valid":
        issue_instant = now
        not_before, not_after = now + datetime.timedelta(hours=1), now + datetime.timedelta(hours=9)
    audience = "urn:klarmeld:probe:not-this-service" if test_case == "wrong_audience" else step["entity_id"]
    holder = x509.load_pem_x509_certificate(vendor.certificate_pem)
    attributes = "".join(
        '<saml:Attribute Name="%s" NameFormat="%s"><saml:AttributeValue xsi:type="xs:string">%s'
        '</saml:AttributeValue></saml:Attribute>' % (name, BASIC_NAME_FORMAT, escape(value))
        for name, value in (("dk:gov:saml:attribute:SpecVer", "DK-SAML-2.0"),
                            ("dk:gov:saml:attribute:KombitSpecVer", "1.0"),
                            ("dk:gov:saml:attribute:AssuranceLevel", "3"), (CVR_ATTRIBUTE, vendor.config["cvr"])))
    xml = (
        '<saml:Assertion xmlns:saml="%s" xmlns:xsi="%s" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="_%s" '
        'Version="2.0" IssueInstant="%s"><saml:Issuer>%s</saml:Issuer><saml:Subject><saml:NameID '
        'Format="urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName">%s</saml:NameID>'
        '<saml:SubjectConfirmation Method="%s"><saml:SubjectConfirmationData '
        'xsi:type="saml:KeyInfoConfirmationDataType" Recipient="%s"><ds:KeyInfo xmlns:ds="%s"><ds:X509Data>'
        '<ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></saml:SubjectConfirmationData>'
        '</saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="%s" NotOnOrAfter="%s">'
        '<saml:AudienceRestriction><saml:Audience>%s</saml:Audience></saml:AudienceRestriction></saml:Conditions>'
        '<saml:AuthnStatement AuthnInstant="%s"><saml:AuthnContext><saml:AuthnContextClassRef>'
        'urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml:AuthnContextClassRef></saml:AuthnContext>'
        '</saml:AuthnStatement><saml:AttributeStatement>%s</saml:AttributeStatement></saml:Assertion>'
        % (SAML, XSI, uuid.uuid4(), xml_time(issue_instant), escape(issuer_name),
           escape(holder.subject.rfc4514_string()), HOLDER_OF_KEY, escape(audience), DS, vendor.certificate_b64,
           xml_time(not_before), xml_time(not_after), escape(audience), xml_time(issue_instant), attributes))
    assertion = etree.fromstring(xml.encode())
    sign_enveloped(assertion, assertion.find("{%s}Subject" % SAML), signing_key(issuer_key, issuer_certificate_pem))
    return assertion


def sign_enveloped(element, before, key):
    """SAML core §5.4: enveloped signature over the element's ID, KeyInfo = the signer's certificate."""
    signature = xmlsec.template.create(element, xmlsec.constants.TransformExclC14N,
                                       xmlsec.constants.TransformRsaSha256, ns="ds")
    before.addprevious(signature)
    reference = xmlsec.template.add_reference(signature, xmlsec.constants.TransformSha256,
                                              uri="#" + element.get("ID"))
    xmlsec.template.add_transform(reference, xmlsec.constants.TransformEnveloped)
    xmlsec.template.add_transform(reference, xmlsec.constants.TransformExclC14N)
    xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
    context = xmlsec.SignatureContext()
    context.register_id(element, "ID")
    context.key = key
    context.sign(signature)


def unsigned_envelope(step):
    xml = ('<s:Envelope xmlns:s="%s" xmlns:wsa="%s"><s:Header><wsa:Action s:mustUnderstand="true">%s</wsa:Action>'
           '<wsa:MessageID>urn:uuid:%s</wsa:MessageID><wsa:To s:mustUnderstand="true">%s</wsa:To></s:Header>'
           '<s:Body>%s</s:Body></s:Envelope>'
           % (SOAP12, WSA, escape(step["action"]), uuid.uuid4(), escape(step["url"]), step["body"]))
    return etree.fromstring(xml.encode())


def wrap_signature(envelope):
    """Moves the signed Body into a header wrapper (its wsu:Id kept) and puts another Body in its place."""
    body = envelope.find("{%s}Body" % SOAP12)
    wrapper = etree.SubElement(envelope.find("{%s}Header" % SOAP12), "{urn:klarmeld:probe:wrapper}Wrapper",
                               nsmap={"kw": "urn:klarmeld:probe:wrapper"})
    wrapper.append(body)
    evil = etree.SubElement(envelope, "{%s}Body" % SOAP12)
    etree.SubElement(evil, "{urn:klarmeld:probe:sf1512}Evil").text = "not the signed body"


def protected_message(vendor, step):
    test_case = step["case"]
    if test_case == "no_token":
        return unsigned_envelope(step)
    issuer_key, issuer_certificate = vendor.test_issuer()
    issuer_name = step["issuer"]
    if test_case == "wrong_issuer":  # the system signs its own token: the forgery any client could make
        issuer_key, issuer_certificate = vendor.key_pem, self_signed(vendor.key_pem, "klarmeld untrusted issuer")
        issuer_name = "https://sts.untrusted.klarmeld.invalid"
    assertion = mint_assertion(vendor, step, issuer_key, issuer_certificate, issuer_name)
    if test_case == "tampered":  # the CVR claim changed after signing
        cvr = vendor.config["cvr"]
        text = etree.tostring(assertion).decode().replace(">%s<" % cvr, ">%s<" % (
            "55133018" if cvr == "29189919" else "29189919"), 1)
        assertion = etree.fromstring(text.encode())
    envelope = build_oioidws(step["url"], step["action"], step["body"], assertion, test_case != "no_timestamp")
    # non_holder_key: the test issuer's key, which the token does not name as its holder. The message
    # signature's KeyInfo is the SAML key identifier, so no certificate for that key is needed.
    key = signing_key(vendor.test_issuer()[0]) if test_case == "non_holder_key" else vendor.key
    sign_oioidws(envelope, assertion, key)
    if test_case == "signature_wrapping":
        wrap_signature(envelope)
    return envelope


def judge(response):
    try:
        fault = etree.fromstring(response.content).find(".//{%s}Fault" % SOAP12) if response.content else None
    except etree.XMLSyntaxError:
        raise Failed("HTTP %d with a body that is not XML" % response.status_code)
    if fault is not None:
        return "rejected", "SOAP fault " + (fault.findtext(".//{%s}Text" % SOAP12) or "")
    if 200 <= response.status_code < 300:
        return "accepted", "HTTP %d" % response.status_code
    return "rejected", "HTTP %d" % response.status_code


def step_protected(vendor, step):
    envelope = protected_message(vendor, step)
    body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
    headers = {"Content-Type": '%s; action="%s"' % (CONTENT_TYPE, step["action"])}
    if step["case"] == "replayed":
        first, detail = judge(vendor.post(step["url"], body, headers))
        if first != "accepted":
            raise Failed("the original message was not accepted (%s)" % detail)
    outcome, detail = judge(vendor.post(step["url"], body, headers))
    expected = "accepted" if step["case"] == "valid" else "rejected"
    if outcome != expected:
        raise Failed("%s, expected %s (%s)" % (outcome, expected, detail))
    return "%s (%s)" % (outcome, detail[:60])


# SF1511 / SF1515 ------------------------------------------------------------------------------------

def fetch_metadata(vendor, url):
    response = vendor.get(url, {"Accept": "application/samlmetadata+xml, application/xml"})
    if response.status_code != 200:
        raise Failed("metadata answered HTTP %d" % response.status_code)
    return etree.fromstring(response.content)


def sp_signing_certificates(metadata):
    return [x509.load_der_x509_certificate(base64.b64decode("".join(node.text.split())))
            for descriptor in metadata.iter("{%s}KeyDescriptor" % MD) if descriptor.get("use") in (None, "signing")
            for node in descriptor.iter("{%s}X509Certificate" % DS)]


def step_metadata(vendor, step):
    """The Context Handler's SP requirements, as klarmeld's metadata checks read them."""
    metadata = fetch_metadata(vendor, step["url"])
    if not metadata.get("entityID", "").startswith("https://saml."):
        raise Failed("entityID does not start with https://saml.")
    sp = metadata.find("{%s}SPSSODescriptor" % MD)
    if sp is None or sp.get("AuthnRequestsSigned") != "true":
        raise Failed("no SPSSODescriptor with AuthnRequestsSigned=true")
    with open(vendor.config["ca_bundle"], "rb") as handle:
        authorities = [x509.load_pem_x509_certificate(block.encode()) for block in re.findall(
            r"-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----", handle.read().decode())]
    now = utc_now()
    for use in ("signing", "encryption"):
        nodes = [node for descriptor in sp.findall("{%s}KeyDescriptor" % MD) if descriptor.get("use") in (None, use)
                 for node in descriptor.iter("{%s}X509Certificate" % DS)]
        if not nodes:
            raise Failed("no %s KeyDescriptor" % use)
        certificate = x509.load_der_x509_certificate(base64.b64decode("".join(nodes[0].text.split())))
        if not (certificate.not_valid_before.replace(tzinfo=datetime.timezone.utc) <= now
                < certificate.not_valid_after.replace(tzinfo=datetime.timezone.utc)):
            raise Failed("%s certificate outside its validity" % use)
        if certificate.issuer == certificate.subject or not issued_by_one_of(certificate, authorities):
            raise Failed("%s certificate does not chain to the CA bundle" % use)
    for service, what in (("AssertionConsumerService", "ACS"), ("SingleLogoutService", "SLO")):
        locations = [node.get("Location", "") for node in sp.findall("{%s}%s" % (MD, service))]
        if not locations or not all(location.startswith("https://") for location in locations):
            raise Failed("no HTTPS %s" % what)
    return "metadata of %s meets the requirements" % metadata.get("entityID")


def issued_by_one_of(certificate, authorities):
    for authority in authorities:
        if authority.subject != certificate.issuer:
            continue
        try:
            authority.public_key().verify(certificate.signature, certificate.tbs_certificate_bytes,
                                          padding.PKCS1v15(), certificate.signature_hash_algorithm)
            return True
        except Exception:  # a wrong key: try the next authority of that name
            continue
    return False


def step_slo(vendor, step):
    metadata = fetch_metadata(vendor, step["metadata_url"])
    slo_url = step["slo_url"] or next(
        (node.get("Location") for node in metadata.iter("{%s}SingleLogoutService" % MD)
         if node.get("Binding") == HTTP_POST_BINDING), None)
    if not slo_url:
        raise Failed("no HTTP-POST SingleLogoutService")
    request_id = "_" + str(uuid.uuid4())
    xml = ('<samlp:LogoutRequest xmlns:samlp="%s" xmlns:saml="%s" ID="%s" Version="2.0" IssueInstant="%s" '
           'Destination="%s"><saml:Issuer>%s</saml:Issuer><saml:NameID '
           'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">klarmeld-slo-probe</saml:NameID>'
           '</samlp:LogoutRequest>' % (SAMLP, SAML, request_id, xml_time(utc_now()), escape(slo_url),
                                       escape(step["idp_entity_id"])))
    request = etree.fromstring(xml.encode())
    sign_enveloped(request, request.find("{%s}NameID" % SAML), signing_key(vendor.key_pem, vendor.certificate_pem))
    form = {"SAMLRequest": b64(etree.tostring(request, xml_declaration=True, encoding="utf-8")),
            "RelayState": "klarmeld"}
    response = vendor.post(slo_url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    found = re.search(r'name="SAMLResponse" value="([^"]+)"', response.text)
    if not found:
        raise Failed("no LogoutResponse in the answer (HTTP %d)" % response.status_code)
    answer = etree.fromstring(base64.b64decode(html.unescape(found.group(1))))
    signers = sp_signing_certificates(metadata)
    if not signers:
        raise Failed("the SP metadata has no signing certificate")
    verify_enveloped(answer, signers[0].public_bytes(serialization.Encoding.PEM), "LogoutResponse")
    status = answer.find(".//{%s}StatusCode" % SAMLP)
    if answer.get("InResponseTo") != request_id or status is None or status.get("Value") != STATUS_SUCCESS:
        raise Failed("LogoutResponse is not a Success for our request")
    if not answer.get("Destination"):
        raise Failed("the LogoutResponse has no Destination")
    return "signed LogoutResponse, Success"


STEPS = {"sts_soap": step_sts, "sts_rest": step_sts, "token_exchange": step_sts, "soap_call": step_soap_call,
         "rest_kombi": step_rest, "rest_post": step_rest, "protected": step_protected, "metadata": step_metadata,
         "slo": step_slo}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    arguments = parser.parse_args()
    started = time.perf_counter()
    with open(arguments.config) as handle:
        config = json.load(handle)
    vendor = Vendor(config)
    passed = 0
    for step in config["steps"]:
        began = time.perf_counter()
        try:
            outcome, ok = STEPS[step["kind"]](vendor, step), True
        except Exception as failure:  # a benchmark line, not a crash: report and go on
            outcome, ok = "FAILED: %s" % failure, False
        passed += 1 if ok else 0
        print("    %-10s %-29s %7.1f ms  %s" % (step["criterion"], step["kind"] + (
            "/" + step["case"] if "case" in step else ""), (time.perf_counter() - began) * 1000, outcome))
    print("    script: %d/%d as expected, %d requests one after the other, %.1f ms in the script "
          "(after interpreter start and imports)"
          % (passed, len(config["steps"]), vendor.requests, (time.perf_counter() - started) * 1000))
    return 0 if passed == len(config["steps"]) else 1


if __name__ == "__main__":
    sys.exit(main())
