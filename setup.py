"""Build the optional C extension ``jingshu.psi._x25519`` (everything else is in
pyproject.toml). ``optional=True``: where no C compiler is found the install still
succeeds and PSI's x25519 suite falls back to libsodium, with identical results."""

import sys

from setuptools import Extension, setup

_CSRC = "src/jingshu/psi/csrc"
_FLAGS = [] if sys.platform == "win32" else ["-O3", "-std=c99", "-fno-strict-aliasing"]

setup(ext_modules=[Extension(
    "jingshu.psi._x25519",
    sources=[f"{_CSRC}/x25519_module.c", f"{_CSRC}/x25519_portable.c",
             f"{_CSRC}/x25519_ifma.c"],
    depends=[f"{_CSRC}/x25519.h"],
    extra_compile_args=_FLAGS,
    optional=True,
)])
