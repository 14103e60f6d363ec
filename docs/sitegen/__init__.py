"""Build-time generators of the documentation site (run by docs/gen_pages.py through mkdocs-gen-files).

Every generated page is derived from policy/ or from running the package, so the site cannot disagree with
the code.
"""
