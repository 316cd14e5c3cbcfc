from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from accounts.usernames import username_key


class CaseInsensitiveUserManager(UserManager):
    def get_by_natural_key(self, username):
        """The login lookup (ModelBackend): by the normalised key, the same on every database."""
        return self.get(username_key=username_key(username))

    def filter_by_username(self, username: str):
        return self.filter(username_key=username_key(username))


class User(AbstractUser):
    """A person using the platform. Two usernames with the same :func:`username_key` are one account."""

    # NFKC and case folding may lengthen a name (``ß`` → ``ss``, ``ﷺ`` → 18 letters).
    username_key = models.CharField(max_length=600, unique=True, editable=False)

    objects = CaseInsensitiveUserManager()

    class Meta:
        constraints = []  # uniqueness is username_key's

    def save(self, *args, **kwargs):
        # Derived, never set by hand: every path that stores a user (signup, admin, createsuperuser) keeps it.
        self.username_key = username_key(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_key"}
        super().save(*args, **kwargs)
