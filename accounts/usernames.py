"""The one username normalisation: what makes two usernames the same account.

NFKC folds compatibility forms (fullwidth letters, the long s U+017F,
ligatures) and ``casefold`` folds case the Unicode way (``ß`` → ``ss``); NFKC
again keeps the result stable. The login lookup, the uniqueness constraint
(``User.username_key``) and the login throttle all use this function, so a
variant that reaches an account also shares that account's throttle budget,
and a variant that does not (``adm\u0131n``, with a dotless i) is another name.
"""

from __future__ import annotations

import unicodedata


def username_key(username: str) -> str:
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)
