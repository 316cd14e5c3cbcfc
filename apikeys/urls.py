from django.urls import path

from apikeys import views

urlpatterns = [path("settings/developer", views.developer_settings, name="developer-settings")]
