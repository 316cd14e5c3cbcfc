from django.urls import path

from accounts import views

urlpatterns = [
    path("login", views.login_page, name="login"),
    path("signup", views.signup_page, name="signup"),
    path("logout", views.logout_page, name="logout"),
]
