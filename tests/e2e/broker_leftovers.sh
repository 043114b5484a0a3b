# Sourced by the e2e tests that start the simulated Beskedfordeler with TMPDIR set to a folder of
# their own: `leftovers` fails (and names them) when a process whose RabbitMQ data folder lies under
# $TMPDIR still runs, or a broker folder (klarmeld-rabbitmq-*) is left there.
# One grep reads every environment (-z: one NUL-separated variable per record), instead of a pipeline
# per process: the scan took seconds on a busy machine.
leftovers() {
  local found=0 environ pid state
  for environ in $(grep -lz "^RABBITMQ_MNESIA_BASE=$TMPDIR/" /proc/[0-9]*/environ 2>/dev/null); do
    pid=${environ#/proc/}; pid=${pid%/environ}
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
    [ "$state" = "Z" ] || [ "$state" = "gone" ] || { echo "left running: $pid $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-120)"; found=1; }
  done
  ls -d "$TMPDIR"/klarmeld-rabbitmq-* 2>/dev/null && found=1
  return $found
}
