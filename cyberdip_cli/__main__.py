"""Entry point: runs the Typer app and turns every expected failure into one clear line."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    from .errors import EXIT_INTERRUPTED, EXIT_USAGE, CyberdipError

    args = sys.argv[1:] if argv is None else argv
    try:
        from typer import exceptions as typer_exc
        from typer._click import exceptions as click_exc  # Typer vendors Click
        from typer.main import get_command

        from .app import build_app

        completing = "_CYBERDIP_COMPLETE" in os.environ
        command = get_command(build_app(None if completing else args))
        try:
            result = command.main(args=args, prog_name="cyberdip", standalone_mode=False)
        except click_exc.UsageError as exc:
            from .console import error_line

            where = exc.ctx.command_path if exc.ctx else "cyberdip"
            error_line(exc.format_message(), f"see `{where} --help`")
            return EXIT_USAGE
        except typer_exc.Abort:
            sys.stderr.write("aborted\n")
            return EXIT_INTERRUPTED
        return result if isinstance(result, int) else 0
    except CyberdipError as exc:
        from .console import error_line

        error_line(exc.message, exc.hint)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`cyberdip ... | head`); silence the flush at exit too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        import sqlite3

        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        # Progress errors are explained where they happen; this is the content cache, which
        # holds nothing that cannot be rebuilt from the YAML.
        from .console import error_line
        from .kb.store import discard_caches

        discard_caches()
        error_line(
            f"the content cache was damaged ({exc}) and has been removed", "run the command again"
        )
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return EXIT_INTERRUPTED


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
