# Debian package via CPack: klarmeld_<version>_amd64.deb with the binaries, the catalog under
# /usr/share/klarmeld/criteria, the man page and completions. Runtime dependencies are worked out
# from the linked shared libraries by dpkg-shlibdeps, so they always match what was linked.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "klarmeld")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "klarmeld maintainers <klarmeld@users.noreply.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "readiness (klarmelding) checks for KOMBIT's municipal infrastructure")
set(CPACK_PACKAGE_DESCRIPTION
    "klarmeld checks whether a vendor system is ready to use the Danish common municipal infrastructure "
    "(KOMBIT STS, Serviceplatform, support systems), writes a signed readiness spreadsheet and verifies signatures.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `klarmeld demo` starts a private broker for the simulated Beskedfordeler when rabbitmq-server is
# there, and runs the rest without it.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "rabbitmq-server")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
include(CPack)
