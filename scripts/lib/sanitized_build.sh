# Sourced by scripts/sanitize and scripts/fuzz: the one instrumented build both use (issue 7).
# With clang it is one build for both jobs: ASan + UBSan for the test suite, plus the libFuzzer
# coverage instrumentation (fuzzer-no-link) and the fuzz targets. CI used to compile the project
# twice more for this (gcc ASan, then clang fuzzers); one build keeps the run in its time budget.
# Without clang (a developer machine), the test suite is built with gcc and there are no fuzzers.
#
# -O1 -gline-tables-only: the optimisation AddressSanitizer's documentation recommends, and line
# tables are all a sanitizer report needs to name file:line; full -g only made the build slower.

sanitized_build_dir() {
  echo "${KLARMELD_ASAN_BUILD_DIR:-$1/build-asan}"
}

sanitized_build_has_fuzzers() {
  command -v clang >/dev/null && command -v clang++ >/dev/null
}

# configure_sanitized_build ROOT BUILD: the same arguments every time, so that scripts/fuzz after
# scripts/sanitize finds the build up to date.
configure_sanitized_build() {
  local root="$1" build="$2"
  local optimise="-O1 -gline-tables-only" coverage="" fuzz=OFF compilers=()
  if sanitized_build_has_fuzzers; then
    # The environment names the compiler only for the first configure; CMake keeps it after that.
    compilers=(env CC=clang CXX=clang++)
    coverage="-fsanitize=fuzzer-no-link"
    fuzz=ON
    # A build-asan/ from before this script used gcc; a compiler cannot change in a CMake cache.
    if [ -f "$build/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' "$build/CMakeCache.txt"; then
      echo "sanitize: $build was configured with another compiler; configuring it again with clang"
      rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
    fi
  fi
  "${compilers[@]}" cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DKLARMELD_SANITIZE=ON -DKLARMELD_FUZZ="$fuzz" -DKLARMELD_WERROR=OFF \
    -DCMAKE_C_FLAGS="$coverage" -DCMAKE_CXX_FLAGS="$coverage" \
    -DCMAKE_C_FLAGS_DEBUG="$optimise" -DCMAKE_CXX_FLAGS_DEBUG="$optimise"
}
