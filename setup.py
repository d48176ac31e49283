"""Build the optional C walk; everything else is in pyproject.toml.

The extension is optional: where it cannot be compiled, cleanpage installs
and runs on the pure-Python segmentation, only slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("cleanpage._walk", ["cleanpage/_walk.c"], optional=True,
                             extra_compile_args=["-O2"])])
