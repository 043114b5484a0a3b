# Shipped data: the criteria catalog and the fixture scenarios. Installed under share/klarmeld, and
# linked into the build tree at the same relative place (build/share/klarmeld), so
# ./build/cli/klarmeld finds them exactly as an installed klarmeld does (../share/klarmeld).
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/share/klarmeld)
foreach(data criteria fixtures/scenarios)
  get_filename_component(name ${data} NAME)
  if(NOT EXISTS ${PROJECT_BINARY_DIR}/share/klarmeld/${name})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${data} ${PROJECT_BINARY_DIR}/share/klarmeld/${name} SYMBOLIC)
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/klarmeld/scenarios
  FILES_MATCHING PATTERN "*.yaml")
