from django.urls import path

from accounts import api

urlpatterns = [
    path("signup", api.SignupApi.as_view(), name="api-signup"),
    path("login", api.LoginApi.as_view(), name="api-login"),
    path("logout", api.LogoutApi.as_view(), name="api-logout"),
    path("logout-all", api.LogoutAllApi.as_view(), name="api-logout-all"),
    path("me", api.MeApi.as_view(), name="api-me"),
]
