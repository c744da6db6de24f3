"""Command-line tools for authors and teachers, built on the headless core."""
