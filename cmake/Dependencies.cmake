# Every dependency comes from a Debian package (scripts/setup installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(CURL REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED) # all JSON reading and writing (util/json.hpp)
find_package(pugixml REQUIRED)
find_package(ZLIB REQUIRED) # raw DEFLATE of the SAML HTTP-Redirect binding (interfaces/saml)
find_package(CLI11 CONFIG QUIET)
pkg_check_modules(XMLSEC REQUIRED IMPORTED_TARGET xmlsec1-openssl)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
# Whole-buffer inflate and CRC-32 of workbook and package parts (report/zip_reader.cpp).
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
# AMQP 0-9-1 client (rabbitmq-c 0.11, bookworm) for the Beskedfordeler probes and the simulated BFO.
pkg_check_modules(RABBITMQ_C REQUIRED IMPORTED_TARGET librabbitmq)
if(KLARMELD_MIMALLOC)
  find_package(mimalloc 2 CONFIG REQUIRED) # the imported target `mimalloc`: the shared library
  # Linked first and kept even though no object names a mimalloc function (Debian's GCC links with
  # --as-needed): its malloc, free, new and delete are then found before glibc's for every library of
  # the process (ELF symbol lookup in load order; mimalloc's readme, "Overriding Standard Malloc").
  set(CMAKE_LINK_LIBRARY_USING_KLARMELD_NO_AS_NEEDED "LINKER:--push-state,--no-as-needed" "<LINK_ITEM>"
                                                     "LINKER:--pop-state")
  set(CMAKE_LINK_LIBRARY_USING_KLARMELD_NO_AS_NEEDED_SUPPORTED TRUE)
endif()
# mimalloc as `target`'s malloc when KLARMELD_MIMALLOC is on: the klarmeld executable
# (tests/tools/check_allocator.py checks its bindings, ctest cli.allocator), and bench_engine, whose
# in-process run measures the engine as klarmeld runs it.
function(klarmeld_link_mimalloc target)
  if(KLARMELD_MIMALLOC)
    target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:KLARMELD_NO_AS_NEEDED,mimalloc>")
  endif()
endfunction()

find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

add_library(klarmeld_doctest INTERFACE)
target_include_directories(klarmeld_doctest SYSTEM INTERFACE ${DOCTEST_INCLUDE_DIR})

# cpp-httplib with TLS, for the fixture servers only.
add_library(klarmeld_httplib INTERFACE)
target_include_directories(klarmeld_httplib SYSTEM INTERFACE ${HTTPLIB_INCLUDE_DIR})
target_compile_definitions(klarmeld_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
target_link_libraries(klarmeld_httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

add_library(klarmeld_cli11 INTERFACE)
target_include_directories(klarmeld_cli11 SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})

if(TARGET yaml-cpp::yaml-cpp)
  set(KLARMELD_YAML yaml-cpp::yaml-cpp)
else()
  set(KLARMELD_YAML yaml-cpp)
endif()
if(TARGET pugixml::pugixml)
  set(KLARMELD_PUGIXML pugixml::pugixml)
else()
  set(KLARMELD_PUGIXML pugixml)
endif()
