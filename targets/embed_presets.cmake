# cmake -DDIR=<targets dir> -DOUTPUT=<file> -P embed_presets.cmake
# Writes one C++ initializer {"<name>", R"(<json>)"} per DIR/*.json, in name order, so
# that the library carries its presets and needs no data files at run time.
file(GLOB files "${DIR}/*.json")
list(SORT files)
set(content "// Generated from targets/*.json by targets/embed_presets.cmake.\n")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${file}" text)
  string(APPEND content "{\"${name}\", R\"gyrus_json(${text})gyrus_json\"},\n")
endforeach()
file(WRITE "${OUTPUT}" "${content}")
