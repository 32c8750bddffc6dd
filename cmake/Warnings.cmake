# Warnings on for every ghostport target; sanitizers when asked for.
add_library(gp_warnings INTERFACE)
target_compile_options(gp_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(GHOSTPORT_WERROR)
  target_compile_options(gp_warnings INTERFACE -Werror)
endif()

if(GHOSTPORT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# gp_library(NAME SOURCES... [DEPS ...]): one library target per folder.
function(gp_library name)
  cmake_parse_arguments(GP "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${GP_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${GP_DEPS} PRIVATE gp_warnings ${GP_PRIVATE_DEPS})
endfunction()
