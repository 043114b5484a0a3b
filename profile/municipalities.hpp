// The 98 Danish municipalities (kommuner) since the 2007 reform, with their kommunekode as used by
// Danmarks Statistik and the CPR/CVR registers. Christiansø (411) is administered by the state and is not
// a municipality, so it is not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace klarmeld::profile {

struct Municipality {
  int code;              // kommunekode, e.g. 751
  std::string_view name; // short name as commonly written: "Aarhus" ("Aarhus Kommune")
};

const std::vector<Municipality>& municipalities(); // all 98, by code

const Municipality* find_municipality(int code);
// Case-insensitive (also æ/ø/å), with or without " Kommune"; also the official long forms
// "Københavns Kommune", "Bornholms Regionskommune".
const Municipality* find_municipality(std::string_view name);

// "Aarhus Kommune" — "Bornholms Regionskommune" for Bornholm.
std::string official_name(const Municipality& municipality);

} // namespace klarmeld::profile
