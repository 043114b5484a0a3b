#include "taskforce/row_spool.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace klarmeld::taskforce {
namespace {

// A plain length-prefixed encoding, written and read by this file only, within one process.
class Writer {
public:
  void number(std::uint64_t value) { m_bytes.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void flag(bool value) { number(value ? 1 : 0); }
  void text(const std::string& value) {
    number(value.size());
    m_bytes += value;
  }
  const std::string& bytes() const { return m_bytes; }

private:
  std::string m_bytes;
};

class Reader {
public:
  explicit Reader(std::FILE* file) : m_file(file) {}
  bool ok() const { return m_ok; }
  std::uint64_t number() {
    std::uint64_t value = 0;
    m_ok = m_ok && std::fread(&value, sizeof value, 1, m_file) == 1;
    return value;
  }
  bool flag() { return number() != 0; }
  Verdict verdict() { return static_cast<Verdict>(number() % 4); }
  std::string text() {
    std::uint64_t size = number();
    std::string value(m_ok ? size : 0, '\0');
    m_ok = m_ok && (size == 0 || std::fread(value.data(), 1, size, m_file) == size);
    return value;
  }

private:
  std::FILE* m_file;
  bool m_ok = true;
};

void write_cells(Writer& out, const std::vector<InterfaceCell>& cells) {
  out.number(cells.size());
  for (const InterfaceCell& cell : cells) {
    out.number(static_cast<std::uint64_t>(cell.klarmeldt));
    out.flag(cell.pending_evidence);
    out.flag(cell.present);
    out.number(cell.criteria.size());
    for (const CriterionCell& criterion : cell.criteria) {
      out.text(criterion.id);
      out.number(static_cast<std::uint64_t>(criterion.verdict));
      out.text(criterion.reason);
    }
  }
}

void read_cells(Reader& in, std::vector<InterfaceCell>& cells) {
  cells.resize(in.number());
  for (InterfaceCell& cell : cells) {
    cell.klarmeldt = in.verdict();
    cell.pending_evidence = in.flag();
    cell.present = in.flag();
    cell.criteria.resize(in.ok() ? in.number() : 0);
    for (CriterionCell& criterion : cell.criteria) {
      criterion.id = in.text();
      criterion.verdict = in.verdict();
      criterion.reason = in.text();
    }
  }
}

// Every text field of InspectedFile, in one fixed order for writing and reading.
template <typename File> auto text_fields(File& file) {
  return std::array{&file.path,
                    &file.sha256,
                    &file.signers,
                    &file.exclusion_code,
                    &file.exclusion_reason,
                    &file.vendor,
                    &file.vendor_cvr,
                    &file.system,
                    &file.system_version,
                    &file.municipality,
                    &file.catalog_version,
                    &file.catalog_identity,
                    &file.identity.key,
                    &file.identity.assessed_at_text,
                    &file.identity.content_sha256,
                    &file.conflict_note,
                    &file.criteria_note};
}

} // namespace

Result<RowSpool> RowSpool::create() {
  std::FILE* file = std::tmpfile();
  if (file == nullptr) {
    return runtime_error("aggregate.spool", "cannot create a temporary file for the rows");
  }
  return RowSpool(file);
}

Status RowSpool::append(const InspectedFile& file) {
  Writer out;
  for (const std::string* field : text_fields(file)) {
    out.text(*field);
  }
  out.flag(file.accepted);
  out.flag(file.older_catalog);
  out.flag(file.incomplete);
  out.number(file.signature_count);
  out.flag(file.identity.assessed_at.has_value());
  out.number(static_cast<std::uint64_t>(
      file.identity.assessed_at ? file.identity.assessed_at->time_since_epoch().count() : 0));
  write_cells(out, file.cells);
  out.number(file.unknown_interfaces.size());
  for (const std::string& id : file.unknown_interfaces) {
    out.text(id);
  }
  if (std::fwrite(out.bytes().data(), 1, out.bytes().size(), m_file.get()) != out.bytes().size()) {
    return runtime_error("aggregate.spool", "cannot write the temporary row file (disk full?)");
  }
  return Ok{};
}

Status RowSpool::rewind() {
  if (std::fflush(m_file.get()) != 0 || std::fseek(m_file.get(), 0, SEEK_SET) != 0) {
    return runtime_error("aggregate.spool", "cannot rewind the temporary row file");
  }
  return Ok{};
}

Result<InspectedFile> RowSpool::next() {
  Reader in(m_file.get());
  InspectedFile file;
  for (std::string* field : text_fields(file)) {
    *field = in.text();
  }
  file.accepted = in.flag();
  file.older_catalog = in.flag();
  file.incomplete = in.flag();
  file.signature_count = in.number();
  bool has_time = in.flag();
  auto ticks = static_cast<Clock::rep>(in.number());
  if (has_time) {
    file.identity.assessed_at = TimePoint(Clock::duration(ticks));
  }
  read_cells(in, file.cells);
  file.unknown_interfaces.resize(in.ok() ? in.number() : 0);
  for (std::string& id : file.unknown_interfaces) {
    id = in.text();
  }
  if (!in.ok()) {
    return runtime_error("aggregate.spool", "cannot read back the temporary row file");
  }
  return file;
}

} // namespace klarmeld::taskforce
