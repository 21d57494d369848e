#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Management commands on a developer's machine run in development mode unless DEBUG says otherwise
    # (production sets DEBUG=0, see .env.example). The web server (config/wsgi.py) has no such default:
    # without DEBUG and SECRET_KEY it refuses to start.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
