// The detached signatures beside a workbook, their names spelled once: FILE.xlsx.p7s is the signer's
// CAdES-BES over the whole file (written with the package signature), FILE.xlsx.countersign.p7s a
// countersigner's CAdES-BES over the same bytes (`klarmeld sign` on a signed workbook, e.g. the pilot
// municipality after review; docs/signing.md "Countersigning").
#pragma once

#include <optional>
#include <string>

namespace klarmeld::sign {

std::string cades_path(const std::string& workbook);
std::string countersign_path(const std::string& workbook);
// FILE.xlsx.intoto.json: the signer's in-toto attestation about the file's exact bytes (`check`
// writes it there with `--attestation` naming that path, and `demo` always).
std::string attestation_path(const std::string& workbook);

// What lies beside the workbook; an unreadable file is present and empty, so it verifies as invalid.
struct DetachedSignatures {
  std::optional<std::string> cades;
  std::optional<std::string> countersign;
};
DetachedSignatures read_detached_signatures(const std::string& workbook);

} // namespace klarmeld::sign
