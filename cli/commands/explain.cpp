// `klarmeld criteria explain SF1500 [--lang da|en]`: for a municipality that cannot tell what an
// interface must do — what it is for, what the vendor's system must be able to do, which criteria
// klarmeld tests by itself, and what evidence to ask the vendor for the rest.
#include <iostream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "cli/commands/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/terminal.hpp"
#include "criteria/model/catalog_location.hpp"
#include "criteria/model/loader.hpp"

namespace klarmeld::cli {
namespace {

struct Words {
  std::string_view da;
  std::string_view en;
};

// What each probe does, said for a reader who is not an engineer.
const std::map<std::string_view, Words>& probe_explanations() {
  static const std::map<std::string_view, Words> table{
      {"tls",
       {"klarmeld forbinder sikkert (TLS 1.2 eller nyere) og kontrollerer certifikat, kæde og udløb",
        "klarmeld connects securely (TLS 1.2 or newer) and checks the certificate, its chain and expiry"}},
      {"sts.issue",
       {"klarmeld henter et sikkerhedstoken hos KOMBITs STS med systemets certifikat og kontrollerer det",
        "klarmeld fetches a security token from KOMBIT's STS with the system certificate and checks it"}},
      {"soap.call",
       {"klarmeld kalder servicen med token og signatur, som systemet skal, og kontrollerer svaret",
        "klarmeld calls the service with token and signature as the system must, and checks the answer"}},
      {"rest.call",
       {"klarmeld kalder REST-servicen med token over gensidig TLS og kontrollerer svaret",
        "klarmeld calls the REST service with a token over mutual TLS and checks the answer"}},
      {"saml.metadata",
       {"klarmeld henter systemets SAML-metadata og kontrollerer navne, certifikater og adresser",
        "klarmeld fetches the system's SAML metadata and checks names, certificates and addresses"}},
      {"saml.slo",
       {"klarmeld sender en signeret log-ud-besked og kontrollerer systemets signerede svar",
        "klarmeld sends a signed logout message and checks the system's signed answer"}},
      {"saml.sso",
       {"klarmeld logger ind i systemet som Context Handler, korrekt eller med et bevidst forfalsket svar, og ser, om "
        "brugeren bliver logget ind",
        "klarmeld logs in to the system as the Context Handler, correctly or with a deliberately forged answer, and "
        "sees whether the user is logged in"}},
      {"sts.protected",
       {"klarmeld kalder systemets service med et gyldigt eller et bevidst forkert token og ser, om det afvises",
        "klarmeld calls the system's service with a valid or a deliberately wrong token and sees if it is refused"}},
      {"sftp",
       {"klarmeld lægger en testfil på SFTP-serveren, finder den og sletter den igen",
        "klarmeld puts a test file on the SFTP server, lists it and removes it again"}},
      {"sts.agreements",
       {"klarmeld henter et token til hver service, systemet anvender, og ser, om der mangler en serviceaftale",
        "klarmeld fetches a token for every service the system uses and sees whether a service agreement is missing"}},
      {"post.modtag",
       {"klarmeld afleverer en testmeddelelse (MeMo) til systemets PostModtag-endpoint og ser, om den modtages, og om "
        "en fejlbehæftet meddelelse eller en afsender uden certifikat afvises",
        "klarmeld delivers a test message (MeMo) to the system's PostModtag endpoint and sees whether it is accepted, "
        "and whether a faulty message or a sender without a certificate is refused"}},
      {"bfo.receive",
       {"klarmeld logger på Beskedfordeleren med systemets token og ser, om systemets dueslag findes",
        "klarmeld logs in to the Beskedfordeler with the system's token and sees whether the system's pigeonhole "
        "exists"}},
      {"bfo.drain",
       {"klarmeld sender en testbesked gennem Beskedfordeleren og ser den nå systemets dueslag og blive hentet",
        "klarmeld sends a test message through the Beskedfordeler and sees it reach the system's pigeonhole and be "
        "fetched"}},
      {"bfo.vaerdiliste",
       {"klarmeld lister systemets værdiliste i Beskedfordeleren og ser, om den findes og har værdier",
        "klarmeld lists the system's value list in the Beskedfordeler and sees whether it exists and holds values"}},
  };
  return table;
}

// Wraps prose to the terminal, indenting continuation lines.
std::string wrap(const std::string& text, size_t width, const std::string& indent) {
  std::istringstream words(text);
  std::string word;
  std::string out = indent;
  size_t column = indent.size();
  bool first = true;
  while (words >> word) {
    if (!first && column + 1 + word.size() > width) {
      out += "\n" + indent;
      column = indent.size();
      first = true;
    }
    if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
  }
  return out + "\n";
}

void explain(const criteria::Interface& interface, bool english, size_t width) {
  auto pick = [english](const std::string& da, const std::string& en) { return english && !en.empty() ? en : da; };
  std::cout << interface.id << " — " << pick(interface.name_da, interface.name_en) << "\n\n";
  std::cout << (english ? "What it is for\n" : "Hvad snitfladen bruges til\n");
  std::cout << wrap(pick(interface.purpose_da, interface.purpose_en), width, "  ") << "\n";
  std::cout << (english ? "The vendor's system " : "Leverandørens system ")
            << (interface.direction == criteria::Direction::Uses ? (english ? "uses" : "anvender")
                                                                 : (english ? "offers" : "udstiller"))
            << (english ? " this interface; spec: " : " denne snitflade; specifikation: ") << interface.spec_reference
            << "\n\n";
  std::cout << (english ? "What the system must be able to do\n" : "Hvad systemet skal kunne\n");
  for (const auto& criterion : interface.criteria) {
    std::cout << wrap(std::to_string(criterion.number) + ". " + pick(criterion.text_da, criterion.text_en) +
                          (criterion.required ? "" : (english ? " (optional)" : " (valgfrit)")),
                      width, "  ");
  }
  std::cout << "\n" << (english ? "Tested automatically by klarmeld\n" : "Testes automatisk af klarmeld\n");
  bool any_probe = false;
  for (const auto& criterion : interface.criteria) {
    if (criterion.probe) {
      any_probe = true;
      auto found = probe_explanations().find(criterion.probe->type);
      std::string how = found == probe_explanations().end()
                            ? criterion.probe->type
                            : std::string(english ? found->second.en : found->second.da);
      std::cout << wrap(criterion.id + ": " + how, width, "  ");
    }
  }
  if (!any_probe) {
    std::cout << (english ? "  none: every criterion needs evidence from the vendor\n"
                          : "  ingen: alle kriterier kræver dokumentation fra leverandøren\n");
  }
  std::cout << "\n" << (english ? "Evidence to ask the vendor for\n" : "Dokumentation, I skal bede leverandøren om\n");
  bool any_manual = false;
  for (const auto& criterion : interface.criteria) {
    if (criterion.is_manual()) {
      any_manual = true;
      std::cout << wrap(criterion.id + ": " + criterion.manual_evidence, width, "  ");
    }
  }
  if (!any_manual) {
    std::cout << (english ? "  none: klarmeld tests every criterion itself\n"
                          : "  ingen: klarmeld tester selv alle kriterier\n");
  }
}

// A current name (SF1461, SF1462): which old interfaces of the sheet it replaces and their criteria.
void explain(const criteria::Catalog& catalog, const criteria::Successor& successor, bool english, size_t width) {
  std::cout << successor.id << " — " << (english && !successor.name_en.empty() ? successor.name_en : successor.name_da)
            << "\n\n";
  std::string replaced;
  for (const auto& id : successor.replaces) {
    replaced += (replaced.empty() ? "" : ", ") + id;
  }
  std::cout << wrap(english ? "The current name of " + replaced +
                                  ". KOMBIT's klarmeldingsregneark (v.1) has no row for it; the rows of the old "
                                  "numbers hold its criteria, so klarmeld assesses them there."
                            : "Det nuværende navn for " + replaced +
                                  ". KOMBITs klarmeldingsregneark (v.1) har ingen række for den; rækkerne med de gamle "
                                  "numre har dens kriterier, så klarmeld vurderer dem dér.",
                    width, "  ");
  std::cout << wrap((english ? "Source: " : "Kilde: ") + successor.basis + " (" + successor.spec_reference + ")", width,
                    "  ")
            << "\n";
  std::cout << (english ? "Criteria that cover it\n" : "Kriterier, der dækker den\n");
  for (const auto& id : successor.replaces) {
    const criteria::Interface* old = catalog.find(id);
    if (old == nullptr) {
      continue;
    }
    std::cout << "  " << old->id << " — " << (english && !old->name_en.empty() ? old->name_en : old->name_da) << "\n";
    for (const auto& criterion : old->criteria) {
      std::string how = criterion.probe ? (english ? "automated, " : "automatisk, ") + criterion.probe->type
                                        : (english ? "evidence from the vendor" : "dokumentation fra leverandøren");
      std::cout << "    " << criterion.id << " (" << how << ")\n";
    }
  }
  std::cout << "\n"
            << (english ? "See each with `klarmeld criteria explain " : "Se hver med `klarmeld criteria explain ")
            << successor.replaces.front() << "`.\n";
}

} // namespace

void register_explain_command(CLI::App& app, CommandTable& commands) {
  CLI::App* criteria = app.get_subcommand("criteria");
  auto* command = criteria->add_subcommand(
      "explain",
      "Explain an interface in plain language: purpose, requirements, what is tested, what evidence to ask for");
  static std::string id;
  static std::string directory;
  static std::string lang = "da";
  command->add_option("interface", id, "Interface id, e.g. SF1500")->required();
  command->add_option("--criteria", directory, "Criteria catalog directory (default: the installed one)");
  command->add_option("--lang", lang, "Language")->check(CLI::IsMember({"da", "en"}));
  commands.add(command, [] {
    auto dir = criteria::resolve_catalog_dir(directory);
    if (!dir) {
      return report_error(dir.error());
    }
    auto catalog = criteria::load_catalog(*dir);
    if (!catalog) {
      return report_error(catalog.error());
    }
    std::string wanted = id;
    for (auto& c : wanted) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const criteria::Interface* interface = catalog->find(wanted);
    size_t width = static_cast<size_t>(std::min(terminal_width(STDOUT_FILENO), 100));
    if (const criteria::Successor* successor = catalog->find_successor(wanted);
        interface == nullptr && successor != nullptr && !successor->replaces.empty()) {
      explain(*catalog, *successor, lang == "en", width);
      return exit_ready;
    }
    if (interface == nullptr) {
      return report_error(Error{ErrorKind::Usage, "usage.unknown-interface",
                                "'" + id + "' is not an interface of the catalog (see `klarmeld criteria list`)",
                                std::nullopt});
    }
    explain(*interface, lang == "en", width);
    return exit_ready;
  });
}

} // namespace klarmeld::cli
