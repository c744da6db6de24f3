"""The bundled executable's first module: PyInstaller runs a script, not a package's
``__main__`` (whose relative import has no package to be relative to there), so this
imports the CLI by its absolute name and runs it exactly as ``budapest1956`` would."""

from game.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
