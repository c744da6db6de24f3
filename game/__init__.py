"""Budapest 1956: a source-grounded interactive story of the Hungarian Revolution."""

__version__ = "0.1.0"
