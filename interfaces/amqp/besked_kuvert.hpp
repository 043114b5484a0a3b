// The Beskedfordeler's message envelope, `Haendelsesbesked` in urn:oio:besked:kuvert:1.0, read and
// written for the send probe (a test message, the vendor's sample message) and the simulated BFO's
// core (it refuses a message whose envelope is wrong). The structure is the xs:sequence of KOMBIT's
// Beskedkuvert.xsd as shown by kombit/bfo_infrastructureSamples-java,
// bf-client-example-app/src/main/resources/example_messages/externTestBesked.xml (docs/kombit-notes.md
// "Beskedfordeler"): BeskedId, BeskedVersion, Beskedkuvert{Filtreringsdata{Beskedtype, …},
// Leveranceinformation{Dannelsestidspunkt?, …}, …}, then Beskeddata* beside the Beskedkuvert.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace klarmeld::bfo {

inline constexpr const char* kuvert_namespace = "urn:oio:besked:kuvert:1.0";
// "Test/TestbeskedType1", the message type KOMBIT's external test uses (externTestBesked.xml).
inline constexpr const char* test_beskedtype = "7654895c-a3f3-4c77-8afd-4c77330f963c";
// "Test/TestbeskedType2" (rimi-itk/Beskedfordeler_kodeeksempler, KOMBIT's older samples from the SF1461
// documentation package: src/main/resources/beskeder/testbesked02.xml).
inline constexpr const char* test_beskedtype_2 = "832d0676-d0a0-4522-8f57-ac126dc8270e";
// "CPR Hændelse" (SF1320_A), the one message type of a message interface found in public code:
// Umut93/Beskedfordeler, Fujitsu.eDoc.SAPA.BLL/MessageHandlers/CPREventhandler.cs ([UUID(…)]). The
// same UUID is the BeskedId of KOMBIT's restdelivery-example-app test message, so it is to be checked
// against KOMBIT's beskedtypekatalog (docs/kombit-notes.md "Beskedfordeler").
inline constexpr const char* cpr_haendelse_beskedtype = "248ce14c-a863-4fb5-9e6f-7df9ea850809";

struct Haendelsesbesked {
  std::string besked_id;                       // BeskedId/UUIDIdentifikator
  std::string besked_version;                  // BeskedVersion, e.g. "1.0"
  std::string beskedtype;                      // Filtreringsdata/Beskedtype/UUIDIdentifikator
  std::string ansvarlig_aktoer;                // Filtreringsdata/BeskedAnsvarligAktoer/UUIDIdentifikator, optional
  std::vector<std::string> tilladte_modtagere; // TilladtModtager/URNIdentifikator (urn:oio:cvr-nr:…)
  // The objects the message is about: ObjektRegistrering/ObjektId (read and written) and
  // RelateretObjekt/ObjektId (read), e.g. urn:oio:cpr-nr:<10 digits> for a person (KOMBIT's older
  // samples, testbesked02.xml; a CPR event in Umut93/Beskedfordeler, CPREventhandler.cs). What a
  // subscription's value list is matched against (fixtures/src/bfo_core.cpp).
  std::vector<std::string> objekt_ids;
  std::string dannelsestidspunkt; // Leveranceinformation/Dannelsestidspunkt/TidsstempelDatoTid
  std::string beskeddata;         // written as the text of a test element inside Beskeddata
};

// Reads and checks an envelope: root, namespaces, element order, BeskedId a UUID, Beskedtype a UUID,
// Dannelsestidspunkt present and an xs:dateTime (the XSD leaves it optional, but a sender sets it:
// AfsendBesked.java of the same repository). Input error, code bfo.envelope, whose message names the
// first problem ("BeskedId is not a UUID: 'abc'").
Result<Haendelsesbesked> read_haendelsesbesked(std::string_view xml, const std::string& origin);

// A complete envelope for `message` (UTF-8, with an XML declaration).
std::string write_haendelsesbesked(const Haendelsesbesked& message);

// "urn:oio:cvr-nr:<cvr>", how TilladtModtager names an authority.
std::string cvr_urn(const std::string& cvr);
// "urn:oio:cpr-nr:<cpr>", how an ObjektId names a person (see objekt_ids).
std::string cpr_urn(const std::string& cpr);

bool is_uuid(std::string_view text);

} // namespace klarmeld::bfo
