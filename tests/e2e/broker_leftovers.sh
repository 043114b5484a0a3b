# Sourced by the e2e tests that start the simulated Beskedfordeler with TMPDIR set to a folder of
# their own: `leftovers` fails (and names them) when a process whose RabbitMQ data folder lies under
# $TMPDIR still runs, or a broker folder (klarmeld-rabbitmq-*) is left there.
leftovers() {
  local found=0
  for environ in /proc/[0-9]*/environ; do
    if tr '\0' '\n' 2>/dev/null <"$environ" | grep -q "^RABBITMQ_MNESIA_BASE=$TMPDIR/"; then
      pid=${environ#/proc/}; pid=${pid%/environ}
      state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
      [ "$state" = "Z" ] || [ "$state" = "gone" ] || { echo "left running: $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-120)"; found=1; }
    fi
  done
  ls -d "$TMPDIR"/klarmeld-rabbitmq-* 2>/dev/null && found=1
  return $found
}
