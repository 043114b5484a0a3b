#include "profile/municipalities.hpp"

#include <algorithm>

namespace klarmeld::profile {
namespace {

// Lower-cases ASCII and the Danish capitals Æ Ø Å (UTF-8 C3 86/98/85 → C3 A6/B8/A5).
std::string fold(std::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c - 'A' + 'a');
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) {
        out[i + 1] = static_cast<char>(next + 0x20);
      }
      ++i;
    }
  }
  return out;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

struct Alias {
  std::string_view spelling;
  int code;
};

// Official long forms whose genitive differs from the short name.
constexpr Alias aliases[] = {
    {"københavns", 101}, {"bornholms", 400}, {"bornholms regionskommune", 400}, {"bornholm regionskommune", 400}};

} // namespace

const std::vector<Municipality>& municipalities() {
  static const std::vector<Municipality> table = {
      {101, "København"},
      {147, "Frederiksberg"},
      {151, "Ballerup"},
      {153, "Brøndby"},
      {155, "Dragør"},
      {157, "Gentofte"},
      {159, "Gladsaxe"},
      {161, "Glostrup"},
      {163, "Herlev"},
      {165, "Albertslund"},
      {167, "Hvidovre"},
      {169, "Høje-Taastrup"},
      {173, "Lyngby-Taarbæk"},
      {175, "Rødovre"},
      {183, "Ishøj"},
      {185, "Tårnby"},
      {187, "Vallensbæk"},
      {190, "Furesø"},
      {201, "Allerød"},
      {210, "Fredensborg"},
      {217, "Helsingør"},
      {219, "Hillerød"},
      {223, "Hørsholm"},
      {230, "Rudersdal"},
      {240, "Egedal"},
      {250, "Frederikssund"},
      {253, "Greve"},
      {259, "Køge"},
      {260, "Halsnæs"},
      {265, "Roskilde"},
      {269, "Solrød"},
      {270, "Gribskov"},
      {306, "Odsherred"},
      {316, "Holbæk"},
      {320, "Faxe"},
      {326, "Kalundborg"},
      {329, "Ringsted"},
      {330, "Slagelse"},
      {336, "Stevns"},
      {340, "Sorø"},
      {350, "Lejre"},
      {360, "Lolland"},
      {370, "Næstved"},
      {376, "Guldborgsund"},
      {390, "Vordingborg"},
      {400, "Bornholm"},
      {410, "Middelfart"},
      {420, "Assens"},
      {430, "Faaborg-Midtfyn"},
      {440, "Kerteminde"},
      {450, "Nyborg"},
      {461, "Odense"},
      {479, "Svendborg"},
      {480, "Nordfyns"},
      {482, "Langeland"},
      {492, "Ærø"},
      {510, "Haderslev"},
      {530, "Billund"},
      {540, "Sønderborg"},
      {550, "Tønder"},
      {561, "Esbjerg"},
      {563, "Fanø"},
      {573, "Varde"},
      {575, "Vejen"},
      {580, "Aabenraa"},
      {607, "Fredericia"},
      {615, "Horsens"},
      {621, "Kolding"},
      {630, "Vejle"},
      {657, "Herning"},
      {661, "Holstebro"},
      {665, "Lemvig"},
      {671, "Struer"},
      {706, "Syddjurs"},
      {707, "Norddjurs"},
      {710, "Favrskov"},
      {727, "Odder"},
      {730, "Randers"},
      {740, "Silkeborg"},
      {741, "Samsø"},
      {746, "Skanderborg"},
      {751, "Aarhus"},
      {756, "Ikast-Brande"},
      {760, "Ringkøbing-Skjern"},
      {766, "Hedensted"},
      {773, "Morsø"},
      {779, "Skive"},
      {787, "Thisted"},
      {791, "Viborg"},
      {810, "Brønderslev"},
      {813, "Frederikshavn"},
      {820, "Vesthimmerlands"},
      {825, "Læsø"},
      {840, "Rebild"},
      {846, "Mariagerfjord"},
      {849, "Jammerbugt"},
      {851, "Aalborg"},
      {860, "Hjørring"},
  };
  return table;
}

const Municipality* find_municipality(int code) {
  const auto& table = municipalities();
  auto found = std::find_if(table.begin(), table.end(), [code](const Municipality& m) { return m.code == code; });
  return found == table.end() ? nullptr : &*found;
}

const Municipality* find_municipality(std::string_view name) {
  std::string wanted = fold(trimmed(name));
  constexpr std::string_view suffix = " kommune";
  if (wanted.size() > suffix.size() && wanted.ends_with(suffix)) {
    wanted.resize(wanted.size() - suffix.size());
  }
  for (const auto& municipality : municipalities()) {
    if (fold(municipality.name) == wanted) {
      return &municipality;
    }
  }
  for (const auto& alias : aliases) {
    if (alias.spelling == wanted) {
      return find_municipality(alias.code);
    }
  }
  return nullptr;
}

std::string official_name(const Municipality& municipality) {
  if (municipality.code == 400) {
    return "Bornholms Regionskommune";
  }
  if (municipality.code == 101) {
    return "Københavns Kommune";
  }
  return std::string(municipality.name) + " Kommune";
}

} // namespace klarmeld::profile
