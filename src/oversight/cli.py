"""The `oversight` console script: Django's management entry point with our settings preset."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["oversight", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
