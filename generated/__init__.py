"""Python generated from the Catala sources by catalapy."""
