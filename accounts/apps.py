from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        # Every login (the login and signup pages, the admin) records its session for the settings page.
        user_logged_in.connect(_record_session, dispatch_uid="accounts.record_session")


def _record_session(sender, request, user, **kwargs):
    from accounts.services import session_record

    if request is not None:
        session_record(request=request, user=user)
