"""User-facing errors: raised for user mistakes, printed by the CLI as one line, never a traceback."""


class UserError(Exception):
    """A mistake the user can fix (bad path, unknown key, offline Hub id...). The message says how."""
