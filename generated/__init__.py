"""Python modules generated from policy/ by catalapy (`make generate`). Never edit by hand."""
