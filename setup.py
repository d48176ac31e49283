"""Build the optional C walk, guard scan and word count; everything else is in pyproject.toml.

The extensions are optional: where they cannot be compiled, cleanpage
installs and runs on the pure-Python segmentation and guards, only slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("cleanpage._walk", ["cleanpage/_walk.c"], optional=True, extra_compile_args=["-O2"]),
    Extension("cleanpage._guard", ["cleanpage/_guard.c"], optional=True, extra_compile_args=["-O3"]),
    Extension("cleanpage._words", ["cleanpage/_words.c"], optional=True, extra_compile_args=["-O2"]),
])
