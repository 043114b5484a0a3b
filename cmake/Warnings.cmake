# Project-wide warning set; KLARMELD_WERROR turns them into errors (CI does).
add_library(klarmeld_warnings INTERFACE)
target_compile_options(klarmeld_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wformat=2 -Wno-format-nonliteral -Wimplicit-fallthrough
  # GCC 12 reports -Wrestrict false positives inside libstdc++'s std::string at -O3 (GCC bug 105329);
  # -Wnull-dereference is left out for the same reason (false positives in <streambuf> at -O3).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(KLARMELD_WERROR)
  target_compile_options(klarmeld_warnings INTERFACE -Werror)
endif()
if(KLARMELD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# klarmeld_module(NAME SOURCES... DEPS ...): one static library per layer folder.
function(klarmeld_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT M_SOURCES)
    # A layer with no code yet still exists, so targets above it can name it.
    add_library(klarmeld_${name} INTERFACE)
    target_include_directories(klarmeld_${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(klarmeld_${name} INTERFACE ${M_DEPS})
    return()
  endif()
  add_library(klarmeld_${name} STATIC ${M_SOURCES})
  target_include_directories(klarmeld_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(klarmeld_${name} PUBLIC ${M_DEPS} PRIVATE klarmeld_warnings ${M_PRIVATE_DEPS})
endfunction()
