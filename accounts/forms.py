from django import forms
from rest_framework.exceptions import ValidationError

from accounts import services
from tomato_agent.errors import RateLimited


class SignupForm(forms.Form):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def signup(self, request):
        """Create the user through the same service as the API; errors land on their fields."""
        try:
            user, _, _ = services.user_signup(request=request, **self.cleaned_data)
        except RateLimited as exc:
            self.add_error(None, exc.message)
            self.rate_limited = True
            return None
        except ValidationError as exc:
            for field, messages in exc.detail.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, str(message))
            return None
        return user


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
