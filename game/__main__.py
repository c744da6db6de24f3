"""``python -m game`` runs the same command as ``budapest1956``."""

from .cli import main

raise SystemExit(main())
