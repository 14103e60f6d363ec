"""Build-time generators of the documentation site (run by the mkdocs hook docs/gen_pages.py).

Every generated page is derived from policy/ or from running the package, so the site cannot disagree with
the code.
"""
