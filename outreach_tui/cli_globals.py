"""Global options anywhere: `outreach today --db my.db` means `outreach --db my.db today`.

Nearly every new user types `--db`, `--as-of`, `--at` or `--rep` after the command. The
group moves each one it finds there (unless the command has an option of that name, as
`export --rep` has: that one stays the command's) to before the command, so click parses
it as a global option, with the same meaning and the same errors. Every command's
`--help` lists the global options after its own.
"""

from __future__ import annotations

import click


def _value_options(command: click.Command) -> dict[str, click.Option]:
    """Each option name of `command` that takes a value, to the option."""
    return {name: param for param in command.params if isinstance(param, click.Option)
            and not param.is_flag and not param.count for name in param.opts}


def _own_names(command: click.Command) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


def hoisted(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """`args` with the global options given after the command moved to before it."""
    globals_ = _value_options(group)
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] != "--":  # the group's own options
        at += 2 if args[at] in globals_ else 1
    if at >= len(args) or args[at] == "--":
        return args
    command = group.get_command(ctx, args[at])
    if command is None:
        return args  # click says there is no such command
    own, takes_value = _own_names(command), _value_options(command)
    moved: list[str] = []
    kept: list[str] = []
    rest = args[at + 1:]
    index = 0
    while index < len(rest):
        token = rest[index]
        if token == "--":  # what follows is the command's arguments, as typed
            kept += rest[index:]
            break
        name, has_value = token.split("=", 1)[0], "=" in token
        width = 1 if has_value or (name not in globals_ and name not in takes_value) else 2
        if name in globals_ and name not in own:
            if index + width > len(rest):
                raise click.BadOptionUsage(name, f"Option '{name}' requires an argument.", ctx=ctx)
            moved += rest[index:index + width]
        else:
            kept += rest[index:index + width]
        index += width
    return [*args[:at], *moved, args[at], *kept]


def add_global_options_help(group: click.Group, command: click.Command) -> None:
    """Make `command`'s help end with the group's options, saying they go before or after it."""
    own_epilog = command.format_epilog

    def format_epilog(ctx: click.Context, formatter: click.HelpFormatter) -> None:
        own = _own_names(command)
        rows = []
        for param in group.params:
            record = param.get_help_record(ctx) if isinstance(param, click.Option) and param.expose_value else None
            if record is None:
                continue
            if own & set(param.opts):
                record = (record[0], f"{record[1]} Before the command only: after it, it is this command's own.")
            rows.append(record)
        with formatter.section("Global options (before or after the command)"):
            formatter.write_dl(rows)
        own_epilog(ctx, formatter)

    command.format_epilog = format_epilog
