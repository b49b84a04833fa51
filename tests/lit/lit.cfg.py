# lit configuration of gyrus's compiler tests. Run through ctest (ctest -R '^lit\.'), or
# directly: python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv build/default/tests/lit
import os

import lit.formats

config.name = "gyrus"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
# Files that hold inputs for other tests, not tests themselves.
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]

# gyrus-opt, gyrus-translate and gyrus from this build; FileCheck and not from LLVM 19
# (/usr/lib/llvm-19/bin).
path = os.pathsep.join(config.gyrus_tools_dirs + [config.llvm_tools_dir])
config.environment["PATH"] = path + os.pathsep + config.environment.get("PATH", "")
# Fixture scripts need Debian's python3 with numpy and h5py (GYRUS_PYTHON).
config.substitutions.append(("%python", config.python))
# The real NIR files of the NIR paper (shared/nir beside the repository). Tests that
# use them start with `test -d %nir_dir`, so a missing directory fails them loudly.
config.substitutions.append(("%nir_dir", config.nir_dir))
if not os.path.isdir(config.nir_dir):
    lit_config.warning("NIR fixture directory %s is missing; the NIR tests will fail" % config.nir_dir)
