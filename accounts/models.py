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


class LoginSession(models.Model):
    """A browser session of a person (recorded at login), so they can see their sessions and end them.

    Django's session store is keyed by session only; this is the person's index into it
    (``accounts.services.session_record``, listed by ``accounts.selectors.sessions_for``).
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="login_session_user_created")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
