#!/usr/bin/env bash
# `criteria explain`: every section present, automated and manual criteria sorted correctly, both
# languages; an unknown interface is a usage error (2).
set -euo pipefail
klarmeld="$KLARMELD_PREFIX/bin/klarmeld"
out=$("$klarmeld" criteria explain SF1500)
for heading in "Hvad snitfladen bruges til" "Hvad systemet skal kunne" "Testes automatisk af klarmeld" \
               "Dokumentation, I skal bede leverandøren om"; do
  grep -qF "$heading" <<<"$out" || { echo "missing section: $heading"; exit 1; }
done
# SF1500.2 is decided by a probe (sts.issue) and must be listed as automated, with the STS explanation.
grep -q "SF1500.2: klarmeld henter et sikkerhedstoken" <<<"$out" || { echo "SF1500.2 not shown as automated"; exit 1; }
en=$("$klarmeld" criteria explain sf0830 --lang en)
grep -q "none: every criterion needs evidence from the vendor" <<<"$en" || { echo "SF0830 should have no probes"; exit 1; }
grep -q "SF0830.3:" <<<"$en" || { echo "SF0830.3 evidence missing"; exit 1; }
# SF1461/SF1462, the current names, are no rows of the v.1 sheet: explain names the old numbers they
# replace and the criteria that cover them.
new=$("$klarmeld" criteria explain SF1461)
grep -qF "Det nuværende navn for SF1460_A, SF1460_B, SF1460_D" <<<"$new" || { echo "SF1461: old numbers missing"; exit 1; }
grep -qF "SF1460_B.5 (automatisk, bfo.vaerdiliste)" <<<"$new" || { echo "SF1461: SF1460_B.5 not listed"; exit 1; }
new_en=$("$klarmeld" criteria explain sf1462 --lang en)
grep -qF "The current name of SF1460_C" <<<"$new_en" || { echo "SF1462: SF1460_C missing"; exit 1; }
grep -qF "SF1460_C.1 (" <<<"$new_en" || { echo "SF1462: SF1460_C's criteria missing"; exit 1; }
"$klarmeld" criteria list 2>/dev/null | grep -q "^SF1461" && { echo "SF1461 must not be a row of the catalog"; exit 1; }
set +e
"$klarmeld" criteria explain SF9999 >/dev/null 2>&1
status=$?
set -e
[ "$status" -eq 2 ] || { echo "unknown interface should exit 2, got $status"; exit 1; }
echo "explain: ok"
