"""catalapy: a Catala compiler and runtime written in Python."""
