from django.urls import path

from accounts import views

urlpatterns = [
    path("login", views.login_page, name="login"),
    path("signup", views.signup_page, name="signup"),
    path("logout", views.logout_page, name="logout"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/password", views.settings_password, name="settings-password"),
    path("settings/sessions/<int:session_id>/revoke", views.settings_session_revoke, name="settings-session-revoke"),
    path("settings/tokens/revoke", views.settings_token_revoke, name="settings-token-revoke"),
    path("settings/logout-everywhere", views.settings_logout_everywhere, name="settings-logout-everywhere"),
]
