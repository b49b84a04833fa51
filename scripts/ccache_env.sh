# Sourced by the test scripts: ccache keys that do not depend on where the checkout
# lives, so that a fresh clone (CI's) reuses what any other checkout compiled.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
