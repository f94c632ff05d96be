"""`mlroad completion SHELL`: tab completion for bash, zsh and fish, by argcomplete.

The script it prints asks `mlroad` itself for the completions (see `main`), so they always
match the installed version's commands and options.
"""

from __future__ import annotations

import argparse

from mlroad_tui.cli.errors import Exit

SHELLS = ("bash", "zsh", "fish")
SETUP = """\
bash:  echo 'eval "$(mlroad completion bash)"' >> ~/.bashrc
zsh:   echo 'eval "$(mlroad completion zsh)"' >> ~/.zshrc   (after compinit)
fish:  mlroad completion fish > ~/.config/fish/completions/mlroad.fish"""


def register(subparsers: argparse._SubParsersAction) -> None:
    completion = subparsers.add_parser(
        "completion",
        help="print the tab-completion script for bash, zsh or fish",
        description=f"Print the tab-completion script for a shell. To install it:\n\n{SETUP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", metavar="SHELL", choices=SHELLS, help=", ".join(SHELLS))
    completion.set_defaults(func=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["mlroad"], shell=args.shell), end="")
    return Exit.OK
