// Issue #18's closing condition over the shipped catalog: every interface of the v.1 sheet has at least
// one automated criterion, or its explain text (the purpose `klarmeld criteria explain` prints) says
// that its criteria are manual and why.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "criteria/model/loader.hpp"

using namespace klarmeld;

namespace {

bool has_probe(const criteria::Interface& interface) {
  return std::any_of(interface.criteria.begin(), interface.criteria.end(),
                     [](const criteria::Criterion& criterion) { return !criterion.is_manual(); });
}

// The explain text states that the criteria are manual, in both languages ("kriterier er manuelle",
// "criterion is manual"); the "why" is the sentence it ends (SF0830: "Uden beskrivelsen kan intet
// testes udefra, så alle kriterier er manuelle."). A passing "manuelt" ("by hand") does not count.
bool explains_manual(const criteria::Interface& interface) {
  auto contains = [](const std::string& text, std::initializer_list<const char*> phrases) {
    return std::any_of(phrases.begin(), phrases.end(),
                       [&text](const char* phrase) { return text.find(phrase) != std::string::npos; });
  };
  return contains(interface.purpose_da, {"er manuelle", "forbliver manuelle"}) &&
         contains(interface.purpose_en, {"is manual", "are manual", "stay manual", "stays manual"});
}

// Issue #17's message interfaces: automated by a receive and a guarded drain of their own dueslag.
const std::set<std::string> message_interfaces{"SF0741", "SF0810", "SF1320_A", "SF1411_D", "SF1411_E", "SF1460_D"};

} // namespace

TEST_SUITE("criteria::coverage") {
  TEST_CASE("every interface of the sheet has an automated criterion or explains why not") {
    auto catalog = criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
    REQUIRE_MESSAGE(catalog.ok(), (catalog.ok() ? std::string() : catalog.error().render()));
    REQUIRE(catalog->interfaces.size() == catalog->order.size());
    for (const auto& interface : catalog->interfaces) {
      CAPTURE(interface.id);
      CHECK_MESSAGE((has_probe(interface) || explains_manual(interface)),
                    interface.id << " has no automated criterion and its purpose does not say why");
    }
    for (const auto& id : message_interfaces) {
      const auto* interface = catalog->find(id);
      REQUIRE_MESSAGE(interface != nullptr, id << " is not in the catalog");
      CHECK_MESSAGE(has_probe(*interface), id << " has no automated criterion");
    }
  }

  TEST_CASE("issue #18's interfaces are automated where a public basis exists, else say why") {
    auto catalog = criteria::load_catalog(std::string(KLARMELD_SOURCE_DIR) + "/criteria");
    REQUIRE(catalog.ok());
    for (const char* id : {"SF1411_A", "SF1411_B", "SF1590_B", "SF1590_C", "SF1606", "CE1510"}) {
      CAPTURE(id);
      const auto* interface = catalog->find(id);
      REQUIRE(interface != nullptr);
      CHECK(has_probe(*interface));
    }
    const auto* sf0830 = catalog->find("SF0830");
    REQUIRE(sf0830 != nullptr);
    CHECK_FALSE(has_probe(*sf0830));
    CHECK(explains_manual(*sf0830));
  }
}
