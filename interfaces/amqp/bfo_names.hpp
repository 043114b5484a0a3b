// Beskedfordeler (BFO) names over AMQP 0-9-1, spelled once for the probes and the simulated BFO.
// Source: KOMBIT's sample client, kombit/bfo_infrastructureSamples-java,
// bf-client-example-app/src/main/resources/application.properties (entityIDs since commit c1d84d7,
// "Update entityId in properties file to be compliant with service version 2", 7 Mar 2024; virtual
// host) and bf-client-example-app/src/main/java/dk/kombit/samples/beskedfordeler/amqp/
// AfsendBesked.java (exchange, direct reply-to); docs/kombit-notes.md "Beskedfordeler".
#pragma once

namespace klarmeld::bfo {

// Token audiences (AppliesTo) for receiving (SF1461 BeskedHent) and sending (SF1462 BeskedAfsend).
inline constexpr const char* modtag_entity_id = "http://entityid.kombit.dk/service/bfo_modtag/2";
inline constexpr const char* afsend_entity_id = "http://entityid.kombit.dk/service/bfo_afsend/2";
inline constexpr const char* virtual_host = "BF";
// AMQPS, and the SASL mechanism whose response is the raw SAML assertion XML (TokenSaslConfig.java).
inline constexpr int amqps_port = 5671;
inline constexpr const char* sasl_mechanism = "EXTERNAL";
inline constexpr const char* afsend_exchange = "AFSEND_BESKED_EXCHANGE";
inline constexpr const char* direct_reply_to = "amq.rabbitmq.reply-to";

} // namespace klarmeld::bfo
