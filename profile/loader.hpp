// Loading a target profile (docs/profile-format.md): strict like the catalog — unknown keys, bad CVR, an
// unknown municipality, an evidence file whose SHA-256 does not match: each is an input error with
// file:line:col. Credentials are references only (paths, the NAME of an environment variable).
#pragma once

#include <string>
#include <vector>

#include "criteria/model/catalog.hpp"
#include "profile/profile.hpp"
#include "util/result.hpp"

namespace klarmeld::profile {

// Relative paths in the profile are resolved against the profile file's directory. `criteria_dir` is
// the catalog whose environments/ a short-form `environment: <id>` names; empty: the catalog
// criteria::resolve_catalog_dir("") finds (KLARMELD_CRITERIA, the installed one).
Result<Profile> load_profile(const std::string& path, const std::string& criteria_dir = "");

// Every problem in the profile (empty = clean), in file order, for `klarmeld profile lint`.
std::vector<Error> lint_profile(const std::string& path, const std::string& criteria_dir = "");

// The profile's references into the catalog: interface ids in declarations and environment.interfaces,
// criterion ids in evidence. The first one the catalog does not have, with its place in the profile.
Status check_profile_against_catalog(const Profile& profile, const criteria::Catalog& catalog);

} // namespace klarmeld::profile
