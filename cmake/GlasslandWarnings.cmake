# glassland_module(NAME SOURCES ... DEPENDS ...): one static library per module folder.
add_library(glassland_warnings INTERFACE)
target_compile_options(glassland_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  # GCC only (clang, used for fuzz/, does not know them).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>)
if(GLASSLAND_NATIVE)
  target_compile_options(glassland_warnings INTERFACE -march=native)
endif()

function(glassland_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(glassland_${name} STATIC ${ARG_SOURCES})
  add_library(glassland::${name} ALIAS glassland_${name})
  target_include_directories(glassland_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)
  target_link_libraries(glassland_${name} PUBLIC ${ARG_DEPENDS} PRIVATE glassland_warnings)
endfunction()
