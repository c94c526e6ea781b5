"""LinkChecker's own command, run as the user who started it (the tests run it as a script).

Started as root, LinkChecker switches to the user "nobody" after reading its configuration and
before loading its plugins. Where nobody cannot read this checkout (a clone in a private folder,
as under CI or `mktemp -d`), the AnchorCheck plugin silently fails to load and every missing
#anchor passes unseen: the link test then depended on where the machine keeps the clone. The
tests only point it at their own server on 127.0.0.1, so it keeps the user it was started as.
"""

from __future__ import annotations

import sys

from linkcheck.command import linkchecker as command

if __name__ == "__main__":
    command.drop_privileges = lambda: None
    sys.exit(command.linkchecker())
