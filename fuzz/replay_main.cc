// A main for fuzz targets built without libFuzzer (e.g. with g++): runs
// LLVMFuzzerTestOneInput once over every file named, or every file in every
// directory named, and fails if any is missing. A property violation inside
// the target aborts, which fails the run.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A private copy, so reads past the end are caught by sanitizers.
  std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  bool ok = true;
  for (int k = 1; k < argc; ++k) {
    const std::filesystem::path arg(argv[k]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) ok = run_file(f) && ok, ++runs;
    } else {
      ok = run_file(arg) && ok;
      ++runs;
    }
  }
  std::printf("replay: %zu inputs run\n", runs);
  if (runs == 0) {
    std::fprintf(stderr, "replay: no inputs (give corpus files or directories)\n");
    return 1;
  }
  return ok ? 0 : 1;
}
