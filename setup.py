"""Package list for setuptools; everything else is declared in pyproject.toml.

``resources/`` (fonts, demo data, house templates, translations, icons, the user guide) sits
beside the code in a checkout and ships inside the wheel as the data package
``workbench._resources``, where ``workbench.paths.resources_dir()`` finds it through
``importlib.resources``. pyproject.toml alone cannot give a folder another package name next
to ``packages.find``, hence this file.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES_PACKAGE = "workbench._resources"
RESOURCE_SUBDIRS = [
    name for name in find_namespace_packages(where="resources") if "__pycache__" not in name
]

setup(
    packages=[
        *find_packages(include=["workbench", "workbench.*", "ui", "ui.*"]),
        RESOURCES_PACKAGE,
        *(f"{RESOURCES_PACKAGE}.{name}" for name in RESOURCE_SUBDIRS),
    ],
    package_dir={RESOURCES_PACKAGE: "resources"},
    package_data={RESOURCES_PACKAGE: ["**/*"]},
    exclude_package_data={RESOURCES_PACKAGE: ["**/__pycache__/*", "**/*.pyc"]},
)
